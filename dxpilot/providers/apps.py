from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "dxpilot.providers"
    verbose_name = _("服务商与产品")

    def ready(self) -> None:
        from dxpilot.providers.metrics import register_metrics

        register_metrics()
