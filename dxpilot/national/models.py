"""National reporting: every export is a stored, numbered submission of per-enterprise records.

A submission is a full snapshot of the pilot enterprises' records, mapped to the national field
names of the mapping file (``programs/national.yaml``, a proxy: the national list is not
published). Each record keeps its JSON payload and the payload's SHA-256, and says how it differs
from the same enterprise's record in the previous submission (added, changed with the fields,
unchanged, re-submitted after a rejection, withdrawn). The city records the national platform's
decision on each record once: accepted, or rejected with its reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Change(models.TextChoices):
    ADDED = "added", _("新增")
    CHANGED = "changed", _("变更")
    UNCHANGED = "unchanged", _("未变")
    RESUBMITTED = "resubmitted", _("重新报送")
    WITHDRAWN = "withdrawn", _("撤回")


class Decision(models.TextChoices):
    PENDING = "pending", _("待反馈")
    ACCEPTED = "accepted", _("已接收")
    REJECTED = "rejected", _("被退回")


class Submission(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="national_submissions"
    )
    number = models.PositiveIntegerField(_("报送序号"))
    # The mapping used (version, fields with names and labels, code lists): the submission is read
    # back with the mapping it was made with, whatever the file says later.
    mapping = models.JSONField(_("字段映射"))
    mapping_version = models.CharField(_("映射版本"), max_length=40)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next",
        verbose_name=_("上一次报送"),
    )
    records_count = models.PositiveIntegerField(_("记录数"), default=0)
    added_count = models.PositiveIntegerField(_("新增"), default=0)
    changed_count = models.PositiveIntegerField(_("变更"), default=0)
    unchanged_count = models.PositiveIntegerField(_("未变"), default=0)
    resubmitted_count = models.PositiveIntegerField(_("重新报送"), default=0)
    withdrawn_count = models.PositiveIntegerField(_("撤回"), default=0)
    # SHA-256 over the records' keys and payload hashes, in key order.
    digest = models.CharField(_("摘要"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)

    class Meta:
        verbose_name = _("国家平台报送")
        verbose_name_plural = _("国家平台报送")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"], name="national_submission_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class SubmissionRecord(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="records")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    # The record's key for the national platform (统一社会信用代码).
    key = models.CharField(_("记录键"), max_length=18)
    change = models.CharField(_("变化"), max_length=12, choices=Change.choices)
    # National field name → value (a withdrawn record keeps the payload it was last sent with).
    payload = models.JSONField(_("报送内容"), default=dict)
    payload_hash = models.CharField(_("内容哈希"), max_length=64)
    # [{"field", "old", "new"}] against the previous submission's record (changed only).
    changes = models.JSONField(_("变更字段"), default=list, blank=True)
    decision = models.CharField(
        _("国家平台反馈"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    reason = models.CharField(_("退回原因"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("登记反馈时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报送记录")
        verbose_name_plural = _("报送记录")
        ordering = ["submission", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "enterprise"], name="national_record_once_per_submission"
            ),
        ]
        indexes = [
            models.Index(fields=["submission", "change"], name="national_record_change_idx"),
            models.Index(fields=["submission", "key"], name="national_record_key_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.submission} {self.key}"
