"""X-Request-ID: taken when safe, generated otherwise, echoed, and written in JSON log lines."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.test import Client

from dxpilot.audit import context
from dxpilot.core.logs import JsonFormatter, RequestIdFilter
from dxpilot.core.requestid import valid_request_id

GENERATED = re.compile(r"[0-9a-f]{32}")


def test_a_safe_request_id_is_kept_and_echoed(db: None) -> None:
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="req-2026.12.03:abc_DEF")
    assert response["X-Request-ID"] == "req-2026.12.03:abc_DEF"


def test_without_a_request_id_one_is_generated(db: None) -> None:
    first = Client().get("/healthz")["X-Request-ID"]
    second = Client().get("/healthz")["X-Request-ID"]
    assert GENERATED.fullmatch(first)
    assert GENERATED.fullmatch(second)
    assert first != second


@pytest.mark.parametrize(
    "given",
    [
        "x" * 65,  # too long
        "short",  # too short to be unique
        "abc def ghij",  # space
        'abcdefgh"}',  # would break a JSON line
        "abcdefgh\u200bxyz",  # invisible character
        "日志注入攻击的编号号码",  # not ASCII
        "abcdefgh<script>",
    ],
)
def test_an_unsafe_request_id_is_replaced(db: None, given: str) -> None:
    assert not valid_request_id(given)
    response = Client().get("/healthz", HTTP_X_REQUEST_ID=given)
    assert GENERATED.fullmatch(response["X-Request-ID"])


def test_the_request_id_is_set_only_during_the_request(db: None) -> None:
    Client().get("/healthz", HTTP_X_REQUEST_ID="abcdef123456")
    assert context.current_request_id() is None


def record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("dxpilot.test", logging.WARNING, __file__, 1, message, args, None)


def test_json_formatter_writes_one_object_per_line_with_the_request_id() -> None:
    token = context.set_request_id("abcdef123456")
    try:
        rec = record("读取 %s", "企业")
        RequestIdFilter().filter(rec)
        line = JsonFormatter().format(rec)
    finally:
        context.reset_request_id(token)
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "WARNING"
    assert data["logger"] == "dxpilot.test"
    assert data["message"] == "读取 企业"
    assert data["request_id"] == "abcdef123456"
    assert data["time"].endswith("+00:00")


def test_json_formatter_outside_a_request_and_with_an_exception() -> None:
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        import sys

        rec = logging.LogRecord(
            "dxpilot.test", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    line = JsonFormatter().format(rec)
    assert "\n" not in line
    data = json.loads(line)
    assert data["request_id"] is None
    assert "ValueError: boom" in data["exc_info"]


def test_a_log_line_written_in_a_view_carries_the_request_id(
    db: None, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dxpilot.core import health

    def broken() -> None:
        raise OSError("down")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    with caplog.at_level(logging.ERROR, logger="dxpilot.core.health"):
        Client().get("/readyz", HTTP_X_REQUEST_ID="trace-0001-abcd")
    [failure] = [r for r in caplog.records if r.name == "dxpilot.core.health"]
    data = json.loads(JsonFormatter().format(failure))
    assert data["request_id"] == "trace-0001-abcd"
    assert data["message"] == "Readiness check cache failed"


def test_settings_choose_the_json_formatter_from_the_environment() -> None:
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='dxpilot.settings'; "
        "from django.conf import settings; "
        "print(settings.LOGGING['handlers']['console']['formatter'])"
    )
    env = {"DXPILOT_DEBUG": "true", "DXPILOT_LOG_FORMAT": "json", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "json"
    env["DXPILOT_LOG_FORMAT"] = "yaml"
    failed = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert failed.returncode != 0
    assert "DXPILOT_LOG_FORMAT must be text or json" in failed.stderr
