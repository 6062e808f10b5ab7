from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the audit page calls this app's writes (audit entries "policy.<action>").
AUDIT_ACTIONS = (
    ("publish", _("发布政策文件")),
    ("update", _("修改政策文件")),
    ("withdraw", _("撤回政策文件")),
    ("attach", _("上传政策附件")),
)


class PoliciesConfig(AppConfig):
    name = "dxpilot.policies"
    verbose_name = _("政策文件")

    def ready(self) -> None:
        from dxpilot.audit.labels import register_actions
        from dxpilot.enterprises import panels
        from dxpilot.policies.panels import policy_panel

        register_actions("policy", AUDIT_ACTIONS)
        panels.register(policy_panel, order=50)
