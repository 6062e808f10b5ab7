"""Who is acting and from where, carried from the request to the audit writer.

Services take an `actor` but never a request; the network address of the current request comes
from this context variable, set by AuditContextMiddleware. The request id (X-Request-ID) has its
own variable, set by core's RequestIdMiddleware before any other middleware runs, so the log lines
of the whole request and its audit entries carry the same id.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    user_agent: str = ""
    via: str = "web"


# RequestContext is a frozen dataclass, so sharing the default instance is safe.
_current: ContextVar[RequestContext] = ContextVar(
    "dxpilot_audit_context",
    default=RequestContext(via="system"),  # noqa: B039
)


def current() -> RequestContext:
    return _current.get()


def set_current(ctx: RequestContext) -> object:
    return _current.set(ctx)


def reset(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


_request_id: ContextVar[str | None] = ContextVar("dxpilot_request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def set_request_id(request_id: str | None) -> object:
    return _request_id.set(request_id)


def reset_request_id(token: object) -> None:
    _request_id.reset(token)  # type: ignore[arg-type]
