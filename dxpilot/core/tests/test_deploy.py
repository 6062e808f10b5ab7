"""deploy/: the gunicorn settings read the environment and log JSON; nginx fits the upload limits."""

from __future__ import annotations

import json
import re
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def load_gunicorn(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_reads_workers_bind_and_timeout_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    conf = load_gunicorn(
        monkeypatch,
        DXPILOT_WEB_WORKERS="3",
        DXPILOT_WEB_BIND="0.0.0.0:9000",
        DXPILOT_WEB_TIMEOUT="45",
    )
    assert conf["workers"] == 3
    assert conf["bind"] == ["0.0.0.0:9000"]
    assert conf["timeout"] == 45
    assert conf["wsgi_app"] == "dxpilot.wsgi:application"
    assert conf["accesslog"] == "-"


def test_gunicorn_refuses_a_worker_count_that_is_not_a_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(SystemExit, match="DXPILOT_WEB_WORKERS must be an integer"):
        load_gunicorn(monkeypatch, DXPILOT_WEB_WORKERS="many")


def test_gunicorn_access_lines_are_json_with_the_request_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    conf = load_gunicorn(monkeypatch)
    logger = conf["logger_class"].__new__(conf["logger_class"])
    resp = SimpleNamespace(
        status="200 OK", sent=16, headers=[("Content-Type", "x"), ("X-Request-ID", "abc-12345678")]
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/enterprises/",
        "QUERY_STRING": "q=张三",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_USER_AGENT": 'curl "quoted"',
    }
    line = logger.access_line(resp, None, environ, timedelta(milliseconds=12.3))
    data = json.loads(line)
    assert data["status"] == 200
    assert data["path"] == "/enterprises/"
    assert data["request_id"] == "abc-12345678"
    assert data["duration_ms"] == 12.3
    assert data["user_agent"] == 'curl "quoted"'
    assert "张三" not in line  # no query string


def test_nginx_example_fits_the_upload_limit_and_passes_the_request_id() -> None:
    text = (DEPLOY / "nginx.conf.example").read_text(encoding="utf-8")
    [size] = re.findall(r"^\s*client_max_body_size (\d+)m;", text, flags=re.MULTILINE)
    # The largest upload (an evidence file) plus the multipart overhead the app allows.
    assert int(size) * 1024 * 1024 >= settings.UPLOAD_MAX_BYTES + 64 * 1024
    assert int(size) * 1024 * 1024 >= settings.DXPILOT_IMPORT_MAX_BYTES
    assert "proxy_set_header X-Request-ID $dxpilot_request_id;" in text
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    assert "location /static/" in text
    assert "proxy_pass http://dxpilot;" in text
