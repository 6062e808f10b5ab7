"""Fraud and anomaly signals for officials; each explains itself and is resolved with a note."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxpilot.core.phrases import render


class FlagKind(models.TextChoices):
    SHARED_EVIDENCE = "shared_evidence", _("同一文件出现在多家企业档案")
    INVOICE_OVER_CONTRACT = "invoice_over_contract", _("发票金额超过合同金额")
    PRICE_OVER_CATALOGUE = "price_over_catalogue", _("价格高于目录价")
    SHARED_CONTACT = "shared_contact", _("企业与服务商联系方式或账户相同")
    LEVEL_JUMP = "level_jump", _("评测等级跃升与投入不相称")
    DATES_OUT_OF_ORDER = "dates_out_of_order", _("日期先后顺序异常")


class Flag(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待核查")
        RESOLVED = "resolved", _("已处理")

    project = models.ForeignKey(
        "projects.TransformationProject", on_delete=models.PROTECT, related_name="flags"
    )
    kind = models.CharField(_("类型"), max_length=30, choices=FlagKind.choices)
    # The finding as figures (core.phrases: {"code", "params"}, or {"legacy": words} for a
    # flag raised before that rule), said in the reader's language by `text`.
    message = models.JSONField(_("说明"), default=dict)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    # The same finding is raised once: kind + what it is about.
    fingerprint = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    raised_at = models.DateTimeField(_("发现时间"), default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolution = models.TextField(_("处理说明"), blank=True)

    class Meta:
        verbose_name = _("风险提示")
        verbose_name_plural = _("风险提示")
        ordering = ["status", "-raised_at"]
        indexes = [models.Index(fields=["status", "kind"], name="flag_status_idx")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return render(self.message)
