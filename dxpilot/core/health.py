"""Liveness and readiness checks for load balancers and orchestrators.

`/healthz` says the process answers (no database, no storage); `/readyz` runs every check in
`CHECKS` and names each one with "ok" or "error". A failing check's exception is logged, never put
in the response: the endpoints need no login, so they reveal nothing about the installation.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

logger = logging.getLogger(__name__)

PROBE_DIR = "readyz"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")


def check_storage() -> None:
    """Write a probe file through the default storage, read it back and delete it."""
    payload = uuid.uuid4().hex.encode()
    name = default_storage.save(f"{PROBE_DIR}/probe-{uuid.uuid4().hex}.txt", ContentFile(payload))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != payload:
                raise RuntimeError("the probe file read back differs")
    finally:
        default_storage.delete(name)


def check_cache() -> None:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just set")
    finally:
        cache.delete(key)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "storage": check_storage,
    "cache": check_cache,
}


def run_checks() -> tuple[bool, dict[str, str]]:
    """(all passed, {check name: "ok" | "error"}); every check runs even after one fails."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure of a dependency means "not ready"
            logger.exception("Readiness check %s failed", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    return all(status == "ok" for status in results.values()), results
