"""Limits on JSON request bodies for the API: a size limit (413) and a nesting-depth limit (400)
checked before the body is parsed, so no body can exhaust memory or Python's recursion limit."""

from __future__ import annotations

import json
import re
from typing import Any

from django.conf import settings
from django.http import HttpRequest

DEFAULT_MAX_BODY_BYTES = 1024 * 1024  # an answer sheet or an enterprise record is a few KB
MAX_JSON_DEPTH = 32  # our deepest payload nests 3 levels
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


class BodyTooLargeError(Exception):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"request body of {size} bytes exceeds {limit}")
        self.size, self.limit = size, limit


class JsonTooDeepError(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"JSON nested deeper than {limit} levels")
        self.limit = limit


def max_body_bytes() -> int:
    return int(getattr(settings, "DXPILOT_API_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES))


def json_depth_exceeds(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays/objects nest deeper than `limit` (brackets inside strings don't count)."""
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', data)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def checked_body(request: HttpRequest) -> bytes:
    """The request body, refused when too large (by its declared length first, before reading)
    or nested too deep."""
    limit = max_body_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise BodyTooLargeError(declared, limit)
    body = request.body
    if len(body) > limit:
        raise BodyTooLargeError(len(body), limit)
    if json_depth_exceeds(body):
        raise JsonTooDeepError(MAX_JSON_DEPTH)
    return body


def load_json(request: HttpRequest) -> Any:
    return json.loads(checked_body(request))
