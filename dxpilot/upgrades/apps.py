from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the audit page calls this app's writes (audit entries "upgrades.<action>").
AUDIT_ACTIONS = (
    ("create", _("登记技改项目")),
    ("update", _("修改技改项目")),
    ("import", _("导入技改项目清单")),
    ("export", _("导出技改项目清单")),
)


class UpgradesConfig(AppConfig):
    name = "dxpilot.upgrades"
    verbose_name = _("技改项目清单")

    def ready(self) -> None:
        from dxpilot.audit.labels import register_actions

        register_actions("upgrades", AUDIT_ACTIONS)
