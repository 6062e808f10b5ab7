from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "dxpilot.assessment"
    verbose_name = _("数字化水平评测")

    def ready(self) -> None:
        from dxpilot.assessment.metrics import register_metrics

        register_metrics()
