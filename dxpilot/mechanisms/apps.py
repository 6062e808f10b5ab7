from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the audit page calls this app's writes (audit entries "mechanisms.<action>").
AUDIT_ACTIONS = (
    ("create", _("新增机理模型")),
    ("update", _("修改机理模型")),
    ("attach", _("上传机理模型文件")),
    ("submit", _("提交机理模型审核")),
    ("list", _("机理模型上架")),
    ("return", _("退回机理模型")),
    ("withdraw", _("机理模型下架")),
    ("use", _("使用机理模型")),
    ("download", _("查看机理模型文件")),
)


class MechanismsConfig(AppConfig):
    name = "dxpilot.mechanisms"
    verbose_name = _("工业机理模型库")

    def ready(self) -> None:
        from dxpilot.audit.labels import register_actions
        from dxpilot.mechanisms.panels import model_panel
        from dxpilot.providers import panels

        register_actions("mechanisms", AUDIT_ACTIONS)
        panels.register(model_panel, order=10)
