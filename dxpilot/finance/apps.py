from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the audit page calls this app's entries ("finance.<action>").
AUDIT_ACTIONS = (
    ("register_bank", _("登记银行")),
    ("create_client", _("开通银行接口账号")),
    ("register_product", _("登记金融产品")),
    ("update_product", _("修改金融产品")),
    ("consent", _("企业授权并申请融资对接")),
    ("revoke_consent", _("企业撤销融资对接授权")),
    ("decide", _("银行处理融资对接申请")),
    ("bank_read", _("银行查看授权企业信息")),
)


class FinanceConfig(AppConfig):
    name = "dxpilot.finance"
    verbose_name = _("数改贷")

    def ready(self) -> None:
        from dxpilot.audit.labels import register_actions

        register_actions("finance", AUDIT_ACTIONS)
