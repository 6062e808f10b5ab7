"""/healthz (alive, no database) and /readyz (database, storage and cache answer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dxpilot.core import health


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_healthz_touches_no_database(db: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0


def test_readyz_answers_200_naming_every_check(db: None, media: Path) -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "cache": "ok"},
    }
    # The storage probe leaves nothing behind.
    assert not [p for p in media.rglob("*") if p.is_file()]


@pytest.mark.parametrize("failing", ["database", "storage", "cache"])
def test_readyz_answers_503_naming_the_failed_check(
    db: None, media: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    def broken() -> None:
        raise OSError("secret detail: /srv/dxpilot/password")

    monkeypatch.setitem(health.CHECKS, failing, broken)
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"][failing] == "error"
    assert all(v == "ok" for k, v in body["checks"].items() if k != failing)
    assert b"secret" not in response.content


def test_readyz_fails_when_the_media_directory_is_not_writable(
    db: None,
    settings,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    settings.MEDIA_ROOT = blocker / "media"  # cannot be created under a regular file
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "error"


def test_readyz_needs_no_login_and_refuses_post(db: None, media: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OTP_REQUIRED_FOR_OFFICIALS = True
    assert Client().post("/readyz").status_code == 405
    assert Client().get("/readyz").status_code == 200
