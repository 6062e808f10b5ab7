from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the audit page calls this app's writes (audit entries "cases.<action>").
AUDIT_ACTIONS = (
    ("draft", _("起草典型案例")),
    ("update", _("修改典型案例")),
    ("submit", _("提交典型案例审核")),
    ("return", _("退回典型案例")),
    ("publish", _("发布典型案例")),
    ("withdraw", _("撤回典型案例")),
    ("image_add", _("上传案例图片")),
    ("image_remove", _("删除案例图片")),
)


class CasesConfig(AppConfig):
    name = "dxpilot.cases"
    verbose_name = _("典型案例")

    def ready(self) -> None:
        from dxpilot.audit.labels import register_actions
        from dxpilot.cases.links import case_link
        from dxpilot.cases.metrics import register_metrics
        from dxpilot.projects import links

        register_actions("cases", AUDIT_ACTIONS)
        register_metrics()
        links.register(case_link)
