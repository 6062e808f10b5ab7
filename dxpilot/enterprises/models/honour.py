"""Honours and recognitions of an enterprise (灯塔工厂, 数字领航, 上市, 专精特新"小巨人", 单项冠军…).

They are outside decisions (a ministry's list, an exchange's listing), so the platform does not
decide them: an official records each one, dated, with the issuing document (issuer and 文号) and
a required evidence file, and the programme KPIs count those records (nobody types a KPI value).

The kinds are a choices enum, not programme configuration: they are national or international
designations with a fixed meaning across cities, and each kind a target counts is named by a
metric (dxpilot/enterprises/metrics.py). A city that needs a new kind needs a new metric anyway.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxpilot.enterprises.models.enterprise import Enterprise


class HonourKind(models.TextChoices):
    DIGITAL_NAVIGATOR = "digital_navigator", _("“数字领航”企业")
    LIGHTHOUSE = "lighthouse", _("全球“灯塔工厂”")
    LISTED = "listed", _("上市")
    LITTLE_GIANT = "little_giant", _("专精特新“小巨人”企业")
    SINGLE_CHAMPION = "single_champion", _("制造业单项冠军企业")
    SRDI = "srdi", _("专精特新中小企业")
    SMART_FACTORY = "smart_factory", _("智能工厂／数字化车间")


class Honour(models.Model):
    """One recognition of an enterprise, proven by its document and an evidence file (the
    platform offers no edit or deletion: the record is what the audit entry says was entered)."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="honours", verbose_name=_("企业")
    )
    kind = models.CharField(_("荣誉类型"), max_length=20, choices=HonourKind.choices)
    title = models.CharField(_("名称"), max_length=120, blank=True)
    awarded_on = models.DateField(_("认定日期"))
    issuer = models.CharField(_("认定机构"), max_length=120)
    document_number = models.CharField(_("文号"), max_length=80)
    evidence = models.FileField(_("佐证材料"), upload_to="honours/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=80)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("企业荣誉")
        verbose_name_plural = _("企业荣誉")
        ordering = ["-awarded_on", "-pk"]
        indexes = [models.Index(fields=["kind", "awarded_on"], name="honour_kind_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "document_number"], name="honour_unique_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()}"
