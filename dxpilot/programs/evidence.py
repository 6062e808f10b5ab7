"""The kinds of archive material (一企一档): the programme file's acceptance checklist names them
per stage, and the evidence archive (projects) types every file with one of them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceKind(models.TextChoices):
    CONTRACT = "contract", _("数字化改造合同")
    INVOICE = "invoice", _("发票")
    PAYMENT = "payment", _("付款凭证/银行回单")
    INVESTMENT_LIST = "investment_list", _("投入清单明细表")
    FINANCIAL_STATEMENT = "financial_statement", _("近两年财务报表")
    COMPLETION_REPORT = "completion_report", _("项目完工/总结报告")
    EFFECT = "effect", _("改造成效佐证")
    POST_SELF_ASSESSMENT = "post_self_assessment", _("改造后自评测报告")
    DECLARATION = "declaration", _("佐证材料真实性声明")
    PHOTO = "photo", _("现场照片")
    OTHER = "other", _("其他")
