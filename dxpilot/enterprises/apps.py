from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "dxpilot.enterprises"
    verbose_name = _("企业")

    def ready(self) -> None:
        # Imported here: models must be loaded before these modules import them.
        from dxpilot.audit.labels import register_actions
        from dxpilot.enterprises import panels
        from dxpilot.enterprises.metrics import register_metrics
        from dxpilot.enterprises.models import ApplicationEvent
        from dxpilot.enterprises.views.honours import honour_panel

        panels.register(honour_panel, order=5)
        register_metrics()
        register_actions("application", ApplicationEvent.Action.choices)  # the audit page's words
