from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from dxpilot.accounts.navigation import navigation_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_items": navigation_for(request.user, request.path),
    }
