from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "dxpilot.training"
    verbose_name = _("培训")

    def ready(self) -> None:
        from dxpilot.enterprises import panels
        from dxpilot.training.metrics import register_metrics
        from dxpilot.training.panels import training_panel

        register_metrics()
        panels.register(training_panel, order=40)
