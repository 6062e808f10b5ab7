from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the audit page calls this app's writes (audit entries "training.<action>").
AUDIT_ACTIONS = (
    ("course_create", _("新建培训课程")),
    ("course_update", _("修改培训课程")),
    ("session_schedule", _("安排培训场次")),
    ("session_update", _("修改培训场次")),
    ("trainee_add", _("登记学员")),
    ("register", _("培训报名")),
    ("attend", _("登记培训签到")),
)


class TrainingConfig(AppConfig):
    name = "dxpilot.training"
    verbose_name = _("培训")

    def ready(self) -> None:
        from dxpilot.audit.labels import register_actions
        from dxpilot.enterprises import panels
        from dxpilot.training.metrics import register_metrics
        from dxpilot.training.panels import training_panel

        register_actions("training", AUDIT_ACTIONS)
        register_metrics()
        panels.register(training_panel, order=40)
