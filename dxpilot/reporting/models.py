"""定期通报 circulars (合政办〔2024〕12号 §五.1) and 绩效评价 reports (§三.9, §四).

Both are generated as a snapshot of figures and codes (`content`), get a lead paragraph from the
city, and are then issued: numbered per year of issue (合数转通〔2025〕3号), dated, their Word and
Excel files stored with their SHA-256. An issued document never changes again (the services
refuse every edit), so what the districts downloaded stays what was issued.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发")


class IssuedDocument(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="+", verbose_name=_("试点方案")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    starts_on = models.DateField(_("统计起始日"))
    ends_on = models.DateField(_("统计截止日"))
    lead = models.TextField(_("导语"), blank=True)
    # Figures and codes only (words are rendered when shown): see reporting/content.py.
    content = models.JSONField(_("内容"), default=dict)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    number = models.CharField(_("文号"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("文号年份"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("文号序号"), null=True, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("印发人"),
    )
    docx = models.FileField(_("Word 文件"), upload_to="reporting/%Y/", blank=True)
    xlsx = models.FileField(_("Excel 附件"), upload_to="reporting/%Y/", blank=True)
    docx_sha256 = models.CharField(_("Word 文件 SHA-256"), max_length=64, blank=True)
    xlsx_sha256 = models.CharField(_("Excel 附件 SHA-256"), max_length=64, blank=True)

    class Meta:
        abstract = True

    @property
    def is_issued(self) -> bool:
        return self.status == ReportStatus.ISSUED


class Circular(IssuedDocument):
    period = models.CharField(_("通报期间"), max_length=8)  # 2025-06 or 2025-Q2
    # The divisions the circular reports on: the district officers of these divisions see it.
    divisions = models.ManyToManyField(
        "programs.Division", related_name="circulars", verbose_name=_("通报范围")
    )

    class Meta:
        verbose_name = _("定期通报")
        verbose_name_plural = _("定期通报")
        ordering = ["-ends_on", "-pk"]
        constraints = [
            # One circular per period: regenerating refreshes the draft, an issued one stays.
            models.UniqueConstraint(fields=["program", "period"], name="circular_unique_period"),
            # The number's sequence runs per year of issue.
            models.UniqueConstraint(
                fields=["program", "year", "sequence"], name="circular_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.period


class PerformanceEvaluation(IssuedDocument):
    stage = models.CharField(_("评价阶段"), max_length=40)  # a key of reporting.evaluations.stages
    final = models.BooleanField(_("终期评价"), default=False)

    class Meta:
        verbose_name = _("绩效评价")
        verbose_name_plural = _("绩效评价")
        ordering = ["-ends_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "stage"], name="evaluation_unique_stage"),
            models.UniqueConstraint(
                fields=["program", "year", "sequence"], name="evaluation_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.stage
