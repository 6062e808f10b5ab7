"""Acceptance (验收): application, district check, expert review, city decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Acceptance(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("已申请")
        DISTRICT_CHECKED = "district_checked", _("县区初验通过")
        EXPERT_REVIEWED = "expert_reviewed", _("专家已评审")
        ACCEPTED = "accepted", _("验收通过")
        REFUSED = "refused", _("验收不通过")
        RETURNED = "returned", _("退回补正")

    project = models.ForeignKey(
        "projects.TransformationProject", on_delete=models.PROTECT, related_name="acceptances"
    )
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.APPLIED
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    post_assessment = models.ForeignKey(
        "assessment.Assessment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    district_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    district_checked_at = models.DateTimeField(_("初验时间"), null=True, blank=True)
    district_opinion = models.TextField(_("初验意见"), blank=True)
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acceptance_reviews",
    )
    expert_score = models.DecimalField(
        _("专家评分"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    expert_opinion = models.TextField(_("专家意见"), blank=True)
    expert_reviewed_at = models.DateTimeField(_("评审时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_reasons = models.JSONField(_("决定理由"), default=list, blank=True)

    class Meta:
        verbose_name = _("验收")
        verbose_name_plural = _("验收")
        ordering = ["-applied_at"]
        indexes = [
            models.Index(fields=["status", "applied_at"], name="acceptance_queue_idx"),
            # The "all statuses" queue reads oldest first; without it the database sorts every
            # row of the programme to show 50 (province scale: 20 000 joined rows).
            models.Index(fields=["applied_at", "id"], name="acceptance_applied_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["project", "round"], name="acceptance_unique_round")
        ]

    def __str__(self) -> str:
        return f"{self.project} #{self.round}"
