"""System checks for the deployment (ids dxpilot.E001…, dxpilot.W001…)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register()
def check_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if not settings.FIELD_ENCRYPTION_KEYS:
        messages.append(
            Warning(
                "DXPILOT_FIELD_KEYS is not set: personal data is encrypted with a key derived from "
                "the development SECRET_KEY.",
                hint="Generate a key with Fernet.generate_key() and set DXPILOT_FIELD_KEYS.",
                id="dxpilot.W002",
            )
        )
    if settings.PRODUCTION and settings.SECRET_KEY.startswith("insecure"):
        messages.append(Error("DXPILOT_SECRET_KEY is the development key.", id="dxpilot.E001"))
    if settings.PRODUCTION and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        messages.append(
            Warning(
                "Production mode on SQLite: fine for one machine, use PostgreSQL for several app "
                "processes.",
                id="dxpilot.W003",
            )
        )
    return messages
