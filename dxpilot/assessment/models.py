"""Assessments as records: self-assessment, on-site before (T0), on-site after (T1), follow-up (T2).

Answers are kept exactly as the answer-sheet contract (DESIGN §5); the score result of the engine
is stored when an assessment is submitted or locked, so reports and dashboards never re-score.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxpilot.assessment import engine


class StoredResult(dict[str, Any]):
    """A stored score result: figures and codes only (see ``render.py`` for its words).

    Transitional: templates and code of other apps still read ``result.level_name``, which is no
    longer stored; it is rendered here on read, in the active language. Use
    ``Assessment.level_name`` instead; once nothing reads the key, this class can go.
    """

    def __missing__(self, key: str) -> Any:
        level = dict.get(self, "level")
        if key == "level_name" and isinstance(level, int):
            return engine.level_name(level)
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default


class ResultField(models.JSONField):
    """The score result column: read back as a ``StoredResult``."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        data = super().from_db_value(value, expression, connection)
        return StoredResult(data) if isinstance(data, dict) else data


class Assessment(models.Model):
    class Kind(models.TextChoices):
        SELF = "self", _("自评测")
        ONSITE_BEFORE = "onsite_before", _("现场评测（改造前 T0）")
        ONSITE_AFTER = "onsite_after", _("现场评测（改造后 T1）")
        FOLLOWUP = "followup", _("跟踪评测（T2）")

    class Status(models.TextChoices):
        DRAFT = "draft", _("填写中")
        SUBMITTED = "submitted", _("已提交")
        LOCKED = "locked", _("已锁定")

    ONSITE_KINDS = (Kind.ONSITE_BEFORE, Kind.ONSITE_AFTER, Kind.FOLLOWUP)

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("企业"),
    )
    kind = models.CharField(_("评测类型"), max_length=16, choices=Kind.choices)
    edition = models.CharField(_("指标版本"), max_length=16)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_assessments",
        verbose_name=_("评测专家"),
    )
    # The self-assessment an on-site assessment starts from (its answers stay visible beside).
    reference = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="onsite_reviews",
        verbose_name=_("参照的自评测"),
    )
    answers = models.JSONField(_("答题"), default=dict, blank=True)
    scenes = models.JSONField(_("场景等级"), default=dict, blank=True)
    extra = models.JSONField(_("补充数据"), default=dict, blank=True)
    # The engine's score result, stored at submit/lock (DESIGN §5 contract): figures, no words.
    result = ResultField(_("评测结果"), null=True, blank=True)
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=2, null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("等级"), null=True, blank=True)
    pledged_at = models.DateTimeField(_("真实性承诺时间"), null=True, blank=True)
    assessed_on = models.DateField(_("评测日期"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("评测")
        verbose_name_plural = _("评测")
        ordering = ["-created_at"]
        indexes = [
            # Reports compare an enterprise's assessments; dashboards group locked ones by level.
            models.Index(fields=["enterprise", "kind", "status"], name="assessment_enterprise_idx"),
            models.Index(fields=["assessor", "status"], name="assessment_assessor_idx"),
            models.Index(fields=["status", "kind", "level"], name="assessment_level_idx"),
            # "Latest locked assessment of these kinds" per enterprise (KPIs, level migration).
            models.Index(
                fields=["status", "kind", "enterprise", "locked_at"], name="assessment_latest_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=0, level__lte=4),
                name="assessment_level_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_kind_display()}"

    @property
    def is_onsite(self) -> bool:
        return self.kind in self.ONSITE_KINDS

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def level_name(self) -> str:
        """The level in words, in the active language ("" before scoring)."""
        return "" if self.level is None else engine.level_name(self.level)


class Override(models.Model):
    """An on-site change of an answer or scene level against the self-assessment, with its reason."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="overrides")
    item = models.CharField(_("题目或场景"), max_length=40)
    self_value = models.JSONField(_("自评值"), null=True, blank=True)
    value = models.JSONField(_("现场值"), null=True, blank=True)
    reason = models.TextField(_("修改理由"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("现场修改")
        verbose_name_plural = _("现场修改")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.item}: {self.self_value} → {self.value}"


class AssessmentEvidence(models.Model):
    """A photo or document attached on site to a question or scene; content-addressed, immutable."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="evidence")
    item = models.CharField(_("题目或场景"), max_length=40)
    file = models.FileField(_("文件"), upload_to="assessment-evidence/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=80)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("评测佐证")
        verbose_name_plural = _("评测佐证")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
