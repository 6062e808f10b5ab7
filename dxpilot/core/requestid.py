"""A request id for every request: taken from X-Request-ID when it is safe, otherwise generated.

nginx (deploy/nginx.conf.example) passes its own `$request_id` or the client's header; the id is
put in a context variable (read by the JSON log formatter and the audit writer) and echoed on the
response so a user's report can be matched with the log lines and the audit entries.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from dxpilot.audit import context

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
# Short, and only characters that cannot break a log line, a header or a JSON string.
SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def valid_request_id(value: str) -> bool:
    return SAFE_ID.fullmatch(value) is not None


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get(META_KEY, "")
        request_id = given if valid_request_id(given) else new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        token = context.set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            context.reset_request_id(token)
        response[HEADER] = request_id
        return response
