"""Courses and their sessions (Hefei plan §二, §五.4: 2000 people trained, incl. "一把手")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CourseKind(models.TextChoices):
    ONLINE = "online", _("线上课程（平台资源）")
    CLASSROOM = "classroom", _("线下课堂")


class Audience(models.TextChoices):
    EXECUTIVES = "executives", _("企业“一把手”")
    MANAGERS = "managers", _("管理人员")
    TECHNICIANS = "technicians", _("技术人员")


class Course(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(_("课程名称"), max_length=120)
    kind = models.CharField(_("课程类型"), max_length=16, choices=CourseKind.choices)
    # An online course is a resource of a platform of the registry (optional).
    platform = models.ForeignKey(
        "platforms.Platform",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("提供平台"),
    )
    url = models.URLField(_("课程链接"), blank=True, default="")
    summary = models.TextField(_("课程简介"), blank=True, default="")
    # Codes of the indicator set's dimensions and sub-dimensions the course addresses ("B", "B1").
    dimensions = models.JSONField(_("针对的评测维度"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "title"], name="course_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    # The division that hosts the session: a district officer manages the sessions of theirs.
    division = models.ForeignKey(
        "programs.Division", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属区域")
    )
    held_on = models.DateField(_("培训日期"))
    place = models.CharField(_("培训地点"), max_length=120)
    organiser = models.CharField(_("主办单位"), max_length=120)
    capacity = models.PositiveIntegerField(_("名额"))
    audience = models.CharField(_("培训对象"), max_length=16, choices=Audience.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("培训场次")
        verbose_name_plural = _("培训场次")
        ordering = ["-held_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="session_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.course.title} {self.held_on:%Y-%m-%d}"
