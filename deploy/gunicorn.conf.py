"""gunicorn settings for dxpilot: `gunicorn -c deploy/gunicorn.conf.py` (no other argument needed).

Every value can be changed from the environment, so one file serves every app server:

    DXPILOT_WEB_BIND       address to listen on            127.0.0.1:8001 (nginx in front)
    DXPILOT_WEB_WORKERS    worker processes                2 x CPU cores + 1
    DXPILOT_WEB_THREADS    threads per worker              1 (sync workers)
    DXPILOT_WEB_TIMEOUT    seconds before a silent worker is killed and restarted   60
    DXPILOT_WEB_MAX_REQUESTS  requests before a worker is recycled (0: never)       2000

The access log is one JSON object per line on stdout (time, method, path, status, bytes,
duration in ms, remote address, user agent, request id), the same shape as the application's
DXPILOT_LOG_FORMAT=json lines, so a log collector joins them by request_id. The query string is not
logged: search terms may name people or enterprises.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import traceback
from datetime import UTC, datetime
from typing import Any

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise SystemExit(f"{name} must be an integer, not {value!r}.") from exc


wsgi_app = "dxpilot.wsgi:application"
bind = [os.environ.get("DXPILOT_WEB_BIND", "127.0.0.1:8001")]
workers = _int("DXPILOT_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("DXPILOT_WEB_THREADS", 1)
timeout = _int("DXPILOT_WEB_TIMEOUT", 60)
graceful_timeout = _int("DXPILOT_WEB_GRACEFUL_TIMEOUT", 30)
keepalive = _int("DXPILOT_WEB_KEEPALIVE", 5)
max_requests = _int("DXPILOT_WEB_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# nginx runs on the same machine; set DXPILOT_BEHIND_PROXY=true so the app reads X-Forwarded-For.
forwarded_allow_ips = os.environ.get("DXPILOT_WEB_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Request line and header limits well below what nginx lets through.
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("DXPILOT_WEB_LOG_LEVEL", "info")


def _header(headers: Any, name: str) -> str | None:
    for key, value in headers or ():
        if key.lower() == name:
            return str(value)
    return None


class JsonAccessLogger(Logger):
    """gunicorn's logger with one JSON object per access line."""

    def access_line(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> str:
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        request_id = _header(getattr(resp, "headers", None), "x-request-id") or environ.get(
            "HTTP_X_REQUEST_ID"
        )
        return json.dumps(
            {
                "time": datetime.now(tz=UTC).isoformat(timespec="milliseconds"),
                "level": "INFO",
                "logger": "gunicorn.access",
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "status": int(status) if str(status).isdigit() else status,
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "remote_addr": environ.get("REMOTE_ADDR"),
                "user_agent": (environ.get("HTTP_USER_AGENT") or "")[:200],
                "request_id": request_id,
            },
            ensure_ascii=False,
        )

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.logconfig_dict):
            return
        try:
            self.access_log.info(self.access_line(resp, req, environ, request_time))
        except Exception:  # a broken log line must never fail the request
            self.error(traceback.format_exc())


logger_class = JsonAccessLogger
