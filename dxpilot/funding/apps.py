from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "dxpilot.funding"
    verbose_name = _("验收与奖补")

    def ready(self) -> None:
        # Imported here: models must be loaded before these modules import them.
        from dxpilot.funding import links, phrases, receivers  # noqa: F401  (phrases: sentences)
        from dxpilot.funding.metrics import register_metrics
        from dxpilot.projects import links as project_links
        from dxpilot.projects.signals import project_records_changed

        project_records_changed.connect(receivers.detect_flags, dispatch_uid="funding.flags")
        project_links.register(links.acceptance_link)
        register_metrics()
