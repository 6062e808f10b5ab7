"""Contract filing (合同备案) and investment lines (改造投入)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Contract(models.Model):
    class Status(models.TextChoices):
        FILED = "filed", _("已备案")
        SUPERSEDED = "superseded", _("已变更")

    project = models.ForeignKey(
        "projects.TransformationProject", on_delete=models.PROTECT, related_name="contracts"
    )
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("服务商"),
    )
    number = models.CharField(_("合同编号"), max_length=60)
    signed_on = models.DateField(_("签订日期"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    amount = models.DecimalField(_("合同金额（元）"), max_digits=12, decimal_places=2)
    scope = models.JSONField(_("改造范围清单"), default=list)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.FILED
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("备案时间"), default=timezone.now)
    # A change is a new filing that supersedes the old one; the old row stays (never deleted).
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("变更前合同"),
    )

    class Meta:
        verbose_name = _("合同")
        verbose_name_plural = _("合同")
        ordering = ["-filed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="contract_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="contract_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class InvestmentLine(models.Model):
    """One investment: its category decides whether it counts for the subsidy (programme rule)."""

    project = models.ForeignKey(
        "projects.TransformationProject", on_delete=models.PROTECT, related_name="investments"
    )
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="investments"
    )
    product = models.ForeignKey(
        "providers.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("投入类别"), max_length=30)
    description = models.CharField(_("内容"), max_length=200)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    invoice_number = models.CharField(_("发票号码"), max_length=40, blank=True)
    invoice_on = models.DateField(_("开票日期"), null=True, blank=True)
    paid_on = models.DateField(_("付款日期"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("已付金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Decided by the programme's categories when the line is recorded (kept for the explanation).
    eligible = models.BooleanField(_("计入奖补"), default=False)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("投入明细")
        verbose_name_plural = _("投入明细")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="investment_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return self.description
