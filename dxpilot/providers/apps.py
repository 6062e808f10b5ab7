from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "dxpilot.providers"
    verbose_name = _("服务商与产品")

    def ready(self) -> None:
        from dxpilot.audit.labels import register_actions
        from dxpilot.providers.metrics import register_metrics
        from dxpilot.providers.models import ProductDecision, ProviderDecision

        register_metrics()
        # The audit page's words for provider.<decision> and product.<decision>.
        register_actions("provider", ProviderDecision.Kind.choices)
        register_actions("product", ProductDecision.Kind.choices)
