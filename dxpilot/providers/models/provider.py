from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxpilot.core.crypto import EncryptedTextField


class Provider(models.Model):
    """数字化服务商. Its type is one of the programme's provider kinds (Hefei: 综合型/专业型)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("已申请")
        APPROVED = "approved", _("已入库")
        SUSPENDED = "suspended", _("已暂停")
        REMOVED = "removed", _("已移出")

    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="providers")
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("服务商名称"), max_length=120)
    kind = models.ForeignKey(
        "programs.ProviderKind", on_delete=models.PROTECT, verbose_name=_("服务商类型")
    )
    segments = models.ManyToManyField("programs.Segment", blank=True, verbose_name=_("服务细分行业"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.APPLIED)
    contact_name = EncryptedTextField(_("联系人"), blank=True, default="")
    contact_phone = EncryptedTextField(_("联系电话"), blank=True, default="")
    bank_account = EncryptedTextField(_("银行账号"), blank=True, default="")
    contact_phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    bank_account_index = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("服务商")
        verbose_name_plural = _("服务商")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "credit_code"], name="provider_unique_credit_code"),
        ]

    def __str__(self) -> str:
        return self.name
