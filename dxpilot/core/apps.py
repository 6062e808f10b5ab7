from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dxpilot.core"
    verbose_name = "core"

    def ready(self) -> None:
        from dxpilot.core import checks  # noqa: F401  (registers system checks)
