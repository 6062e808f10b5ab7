from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "dxpilot.projects"
    verbose_name = _("转型项目")

    def ready(self) -> None:
        from dxpilot.enterprises import panels
        from dxpilot.projects import phrases  # noqa: F401  (defines the timeline's sentences)
        from dxpilot.projects.metrics import register_metrics
        from dxpilot.projects.panels import project_panel

        panels.register(project_panel, order=20)
        register_metrics()
