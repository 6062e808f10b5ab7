"""TransformationProject (一企一案): one enterprise's way from plan to completion, with its
timeline events and milestones. Acceptance, subsidy and follow-up are in dxpilot.funding."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxpilot.core.phrases import render


class ProjectStatus(models.TextChoices):
    PLANNING = "planning", _("方案制定")
    CONTRACTED = "contracted", _("合同已备案")
    IMPLEMENTING = "implementing", _("实施中")
    COMPLETED = "completed", _("改造完成")
    ACCEPTANCE = "acceptance", _("验收中")
    ACCEPTED = "accepted", _("已验收")
    REFUSED = "refused", _("验收未通过")
    SUBSIDISED = "subsidised", _("已兑现奖补")
    CLOSED = "closed", _("已结项")


class TransformationProject(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="projects"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("企业"),
    )
    title = models.CharField(_("项目名称"), max_length=120)
    status = models.CharField(
        _("状态"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PLANNING
    )
    baseline_assessment = models.ForeignKey(
        "assessment.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("改造前现场评测"),
    )
    post_assessment = models.ForeignKey(
        "assessment.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("改造后现场评测"),
    )
    target_level = models.PositiveSmallIntegerField(_("目标等级"), default=2)
    completed_on = models.DateField(_("改造完成日期"), null=True, blank=True)
    # Set when the acceptance is decided; a locked project record accepts no more changes.
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("转型项目")
        verbose_name_plural = _("转型项目")
        ordering = ["-created_at"]
        indexes = [
            # Queues filter by status; the enterprise timeline by enterprise.
            models.Index(fields=["program", "status"], name="project_status_idx"),
            models.Index(fields=["enterprise", "status"], name="project_enterprise_idx"),
        ]
        constraints = [
            # One open project per enterprise: the plan is "一企一案".
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=~models.Q(status__in=["refused", "closed"]),
                name="project_one_open_per_enterprise",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class ProjectEvent(models.Model):
    """One step of the enterprise's timeline: who did what, when, with which document."""

    project = models.ForeignKey(
        TransformationProject, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("事项"), max_length=40)
    # The sentence as figures (core.phrases: {"code", "params"}), rendered in the reader's
    # language; `title` holds the words of an event written before that rule, if any.
    message = models.JSONField(_("说明"), default=dict, blank=True)
    title = models.CharField(_("说明（旧记录）"), max_length=200, blank=True)
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, blank=True)
    reasons = models.JSONField(_("理由"), default=list, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    evidence = models.ForeignKey(
        "projects.Evidence", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("项目事件")
        verbose_name_plural = _("项目事件")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The event's sentence in the active language."""
        return render(self.message) if self.message else self.title


class Milestone(models.Model):
    project = models.ForeignKey(
        TransformationProject, on_delete=models.PROTECT, related_name="milestones"
    )
    name = models.CharField(_("里程碑"), max_length=100)
    planned_on = models.DateField(_("计划日期"))
    actual_on = models.DateField(_("实际日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("里程碑")
        verbose_name_plural = _("里程碑")
        ordering = ["order", "planned_on"]

    def __str__(self) -> str:
        return self.name
