"""Shared set-up for the benchmarks: a throwaway database, Django, the programme, timing helpers.

Each bench_*.py calls `setup_django()` before importing anything from dxpilot. The database is
the one named by DATABASE_URL when the caller set it (scripts/bench.sh points it at a temporary
SQLite file), otherwise a fresh SQLite file in a temporary directory removed at exit. Either
way the benchmark refuses to run against a database that already holds enterprises: it writes
demo data and must never touch a real installation.
"""

from __future__ import annotations

import atexit
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def setup_django() -> str:
    """Point Django at a throwaway database, run django.setup() and migrate; returns the URL."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxpilot.settings")
    os.environ.setdefault("DXPILOT_DEBUG", "true")  # no production secrets needed
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp(prefix="dxpilot-bench-")
        atexit.register(shutil.rmtree, tmp, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DXPILOT_VAR_DIR", tmp)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from dxpilot.enterprises.models import Enterprise

    if Enterprise.objects.exists():
        sys.exit(f"Refusing to benchmark: {os.environ['DATABASE_URL']} already holds enterprises.")
    return os.environ["DATABASE_URL"]


def load_hefei() -> Any:
    from dxpilot.programs.services import load_program

    program, _ = load_program(
        (REPO / "programs" / "hefei.yaml").read_text(encoding="utf-8"), actor=None
    )
    return program


def header(title: str, database_url: str) -> None:
    from django.db import connection

    print(f"== {title}")
    print(
        f"   python {platform.python_version()}, {connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}".rstrip()
        + f", database {database_url}"
    )


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def median_seconds(fn: Callable[[], Any], *, repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A plain fixed-width table (first column left-aligned, the others right-aligned)."""
    cells = [headers, *[[str(c) for c in row] for row in rows]]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        parts = [_pad(row[0], widths[0], left=True)] + [
            _pad(c, w, left=False) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int, *, left: bool) -> str:
    gap = " " * (width - _width(text))
    return text + gap if left else gap + text
