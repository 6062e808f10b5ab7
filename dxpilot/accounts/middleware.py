from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# The public showcase is exempt too: it is the same for everyone and must not read the session
# (a shared cache may keep it, so it never varies on the cookie).
EXEMPT_PREFIXES = ("/static/", "/healthz", "/readyz", "/api/", "/i18n/", "/showcase/")


class OtpRequiredMiddleware:
    """When the city requires it, officials must enable TOTP before using the platform."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The path first: an exempt page never touches request.user (nor the session).
        if (
            settings.OTP_REQUIRED_FOR_OFFICIALS
            and not request.path.startswith(EXEMPT_PREFIXES)
            and request.path not in (reverse("accounts:security"), reverse("accounts:logout"))
            and request.user.is_authenticated
            and getattr(request.user, "is_official", False)
            and not getattr(request.user, "totp_enabled", False)
        ):
            return redirect("accounts:security")
        return self.get_response(request)
