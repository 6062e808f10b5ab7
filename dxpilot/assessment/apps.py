from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "dxpilot.assessment"
    verbose_name = _("数字化水平评测")

    def ready(self) -> None:
        from django.utils.translation import gettext

        from dxpilot.assessment.engine.i18n import install_translator
        from dxpilot.assessment.metrics import register_metrics
        from dxpilot.assessment.panels import assessment_panel
        from dxpilot.enterprises import panels

        install_translator(gettext)  # the engine says its messages in the request's language
        register_metrics()
        panels.register(assessment_panel, order=10)
