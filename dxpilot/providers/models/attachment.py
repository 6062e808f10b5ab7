from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Attachment(models.Model):
    """A document of an application or a product, typed by its content; immutable once stored."""

    class Kind(models.TextChoices):
        LICENCE = "licence", _("营业执照")
        QUALIFICATION = "qualification", _("资质证书")
        REFERENCE = "reference", _("业绩证明")
        SAMPLE_CONTRACT = "sample_contract", _("样板项目合同")
        IP = "ip", _("知识产权证明")
        OTHER = "other", _("其他材料")

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="attachments"
    )
    product = models.ForeignKey(
        "providers.Product",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    kind = models.CharField(_("材料类型"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to="provider-attachments/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=80)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
