"""The evidence archive (转型档案 / 一企一档): typed, content-addressed, immutable once submitted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxpilot.programs.evidence import EvidenceKind


class Evidence(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("待提交")
        SUBMITTED = "submitted", _("已提交")
        SUPERSEDED = "superseded", _("已被新版本替代")

    project = models.ForeignKey(
        "projects.TransformationProject", on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(_("材料类型"), max_length=24, choices=EvidenceKind.choices)
    milestone = models.ForeignKey(
        "projects.Milestone",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    # Content-addressed: the file lives under its SHA-256; equal files are stored once.
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    storage_name = models.CharField(_("存储路径"), max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("档案材料")
        verbose_name_plural = _("档案材料")
        ordering = ["kind", "-uploaded_at"]
        indexes = [
            models.Index(fields=["project", "kind", "status"], name="evidence_project_kind_idx")
        ]

    def __str__(self) -> str:
        return self.original_name
