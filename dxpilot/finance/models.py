"""数改贷: banks' finance products for digital transformation (§五.4 强化要素支撑) and the
referrals an enterprise asks for, with its explicit, revocable consent to share named fields."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Bank(models.Model):
    """A bank (or its branch) offering products to pilot enterprises. It acts through its API
    client account (role api_client) with its own tokens (scopes finance:read, finance:write)."""

    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="banks")
    name = models.CharField(_("银行名称"), max_length=120)
    client = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bank",
        verbose_name=_("接口客户端账号"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("银行")
        verbose_name_plural = _("银行")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="bank_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class FinanceProduct(models.Model):
    bank = models.ForeignKey(
        Bank, on_delete=models.PROTECT, related_name="products", verbose_name=_("银行")
    )
    name = models.CharField(_("产品名称"), max_length=120)
    amount_min = models.DecimalField(_("最低额度（万元）"), max_digits=10, decimal_places=2)
    amount_max = models.DecimalField(_("最高额度（万元）"), max_digits=10, decimal_places=2)
    rate_min = models.DecimalField(_("最低年利率（%）"), max_digits=5, decimal_places=2)
    rate_max = models.DecimalField(_("最高年利率（%）"), max_digits=5, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("最长期限（月）"))
    conditions = models.TextField(_("申请条件"))
    is_active = models.BooleanField(_("在售"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("金融产品")
        verbose_name_plural = _("金融产品")
        ordering = ["bank__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "name"], name="finance_product_unique_name"),
            models.CheckConstraint(
                condition=models.Q(amount_max__gte=models.F("amount_min")),
                name="finance_product_amount_range",
            ),
            models.CheckConstraint(
                condition=models.Q(rate_max__gte=models.F("rate_min")),
                name="finance_product_rate_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bank} · {self.name}"


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("待银行处理")
    APPROVED = "approved", _("已获批")
    DECLINED = "declined", _("未获批")


class Referral(models.Model):
    """An enterprise's request to be referred to a product. `fields` are the codes of what it
    agreed to share (finance.rules.SHARED_FIELDS), `consent_text` the words it agreed to, as
    shown; a revoked referral is invisible to the bank."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="finance_referrals",
        verbose_name=_("企业"),
    )
    product = models.ForeignKey(
        FinanceProduct, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("产品")
    )
    fields = models.JSONField(_("同意提供的信息"), default=list)
    consent_text = models.TextField(_("授权声明"))
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("授权人"),
    )
    consented_at = models.DateTimeField(_("授权时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("撤销授权时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    approved_amount = models.DecimalField(
        _("获批额度（万元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    decline_reason = models.TextField(_("未获批原因"), blank=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("处理人"),
    )

    class Meta:
        verbose_name = _("融资对接")
        verbose_name_plural = _("融资对接")
        ordering = ["-consented_at", "-pk"]
        constraints = [
            # One open request per enterprise and product; a revoked or decided one may be renewed.
            models.UniqueConstraint(
                fields=["enterprise", "product"],
                condition=models.Q(revoked_at__isnull=True, status="pending"),
                name="referral_one_open",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(approved_amount__gt=0),
                name="referral_approved_has_amount",
            ),
        ]
        indexes = [
            # A bank's list: its products' live referrals.
            models.Index(fields=["product", "revoked_at"], name="referral_bank_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.product}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
