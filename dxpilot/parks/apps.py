from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the audit page calls this app's writes (audit entries "parks.<action>").
AUDIT_ACTIONS = (
    ("park_create", _("登记园区")),
    ("park_update", _("修改园区信息")),
    ("event_schedule", _("安排园区活动")),
    ("event_update", _("修改园区活动")),
    ("event_held", _("登记园区活动已举办")),
    ("event_cancel", _("取消园区活动")),
    ("photo_upload", _("上传园区活动照片")),
)


class ParksConfig(AppConfig):
    name = "dxpilot.parks"
    verbose_name = _("园区与园区活动")

    def ready(self) -> None:
        from dxpilot.audit.labels import register_actions
        from dxpilot.parks.metrics import register_metrics

        register_actions("parks", AUDIT_ACTIONS)
        register_metrics()
