from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "dxpilot.platforms"
    verbose_name = _("平台与上云")

    def ready(self) -> None:
        from dxpilot.enterprises import panels
        from dxpilot.platforms.metrics import register_metrics
        from dxpilot.platforms.panels import adoption_panel

        register_metrics()
        panels.register(adoption_panel, order=30)
