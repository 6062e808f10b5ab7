"""The logged-in user of a request, typed (views behind @login_required and the token API)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest

if TYPE_CHECKING:
    from dxpilot.accounts.models import User


def acting_user(request: HttpRequest) -> User:
    """The authenticated user acting in this request; only call behind an authentication check."""
    return cast("User", request.user)


def is_htmx(request: HttpRequest) -> bool:
    """An HTMX request that wants a partial (boosted navigation wants the whole page)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-Boosted")
