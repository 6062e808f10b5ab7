from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/static/", "/healthz", "/readyz", "/api/", "/i18n/")


class OtpRequiredMiddleware:
    """When the city requires it, officials must enable TOTP before using the platform."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.OTP_REQUIRED_FOR_OFFICIALS
            and user.is_authenticated
            and getattr(user, "is_official", False)
            and not getattr(user, "totp_enabled", False)
            and not request.path.startswith(EXEMPT_PREFIXES)
            and request.path not in (reverse("accounts:security"), reverse("accounts:logout"))
        ):
            return redirect("accounts:security")
        return self.get_response(request)
