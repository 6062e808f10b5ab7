from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxpilot.core.crypto import EncryptedTextField


class Provider(models.Model):
    """数字化服务商. Its type is one of the programme's provider kinds (Hefei: 综合型/专业型).

    The application lives on the row itself: a provider user fills it in (draft), submits it,
    and the city admin approves it into the pool (入库), returns it or rejects it. Every
    transition is a ProviderDecision with reasons."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("填写中")
        APPLIED = "applied", _("待审核")
        RETURNED = "returned", _("已退回")
        REJECTED = "rejected", _("未通过")
        APPROVED = "approved", _("已入库")
        SUSPENDED = "suspended", _("已暂停")
        REMOVED = "removed", _("已移出")

    # A suspended provider keeps its place in the pool (and in the quota); a removed one frees it.
    IN_POOL = (Status.APPROVED, Status.SUSPENDED)
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="providers"
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("服务商名称"), max_length=120)
    kind = models.ForeignKey(
        "programs.ProviderKind", on_delete=models.PROTECT, verbose_name=_("服务商类型")
    )
    segments = models.ManyToManyField(
        "programs.Segment", blank=True, verbose_name=_("服务细分行业")
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("企业简介与服务能力"), blank=True)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    website = models.URLField(_("网站"), blank=True)
    batch = models.ForeignKey(
        "programs.Batch", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("申报批次"),
    )  # fmt: skip
    contact_name = EncryptedTextField(_("联系人"), blank=True, default="")
    contact_phone = EncryptedTextField(_("联系电话"), blank=True, default="")
    bank_account = EncryptedTextField(_("银行账号"), blank=True, default="")
    contact_phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    bank_account_index = models.CharField(max_length=64, blank=True, db_index=True)
    # Bumped by every transition; review forms carry it so a stale second decision is refused.
    revision = models.PositiveIntegerField(_("版本"), default=0)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("入库时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("服务商")
        verbose_name_plural = _("服务商")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "credit_code"], name="provider_unique_credit_code"
            ),
        ]
        indexes = [
            # The review queue and the public directory filter by status.
            models.Index(fields=["program", "status"], name="provider_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def in_pool(self) -> bool:
        return self.status in self.IN_POOL


class Qualification(models.Model):
    """A certificate the provider holds (e.g. CMMI, ISO 27001, 双软认证)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="qualifications")
    name = models.CharField(_("资质名称"), max_length=120)
    issuer = models.CharField(_("发证机构"), max_length=120, blank=True)
    number = models.CharField(_("证书编号"), max_length=60, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("资质")
        verbose_name_plural = _("资质")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ReferenceProject(models.Model):
    """A past digital-transformation project the provider delivered (业绩)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="references")
    client_name = models.CharField(_("客户名称"), max_length=120)
    title = models.CharField(_("项目名称"), max_length=160)
    contract_date = models.DateField(_("合同日期"), null=True, blank=True)
    amount = models.DecimalField(
        _("合同金额（万元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    summary = models.TextField(_("项目概况"), blank=True)

    class Meta:
        verbose_name = _("业绩项目")
        verbose_name_plural = _("业绩项目")
        ordering = ["-contract_date", "pk"]

    def __str__(self) -> str:
        return self.title
