"""Park events (Hefei plan §三.11: "政策进园区""网络进园区""标识进园区""平台进园区" and the like,
50+ a year), with their attendance and photos."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    POLICY = "policy", _("政策进园区")
    NETWORK = "network", _("网络进园区")
    IDENTIFIER = "identifier", _("标识进园区")
    PLATFORM = "platform", _("平台进园区")
    SITE_MEETING = "site_meeting", _("现场会")
    MATCHMAKING = "matchmaking", _("供需对接会")
    TRAINING = "training", _("培训")
    OTHER = "other", _("其他活动")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    HELD = "held", _("已举办")
    CANCELLED = "cancelled", _("已取消")


class ParkEvent(models.Model):
    park = models.ForeignKey(
        "parks.Park", on_delete=models.PROTECT, related_name="events", verbose_name=_("园区")
    )
    kind = models.CharField(_("活动类型"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("活动名称"), max_length=120)
    held_on = models.DateField(_("活动日期"))
    organiser = models.CharField(_("主办单位"), max_length=120)
    planned_attendance = models.PositiveIntegerField(_("计划参加人数"))
    actual_attendance = models.PositiveIntegerField(_("实际参加人数"), null=True, blank=True)
    description = models.TextField(_("活动内容"), blank=True, default="")
    status = models.CharField(
        _("状态"), max_length=12, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Who recorded the outcome (held or cancelled) and when.
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("登记结果时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("园区活动")
        verbose_name_plural = _("园区活动")
        ordering = ["-held_on", "pk"]
        constraints = [
            # A held event has its attendance; only a held one has it.
            models.CheckConstraint(
                condition=(
                    models.Q(status="held", actual_attendance__isnull=False)
                    | (~models.Q(status="held") & models.Q(actual_attendance__isnull=True))
                ),
                name="park_event_attendance_when_held",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_attendance__gte=1), name="park_event_planned"
            ),
        ]
        indexes = [
            # The calendar and the yearly count read events by date.
            models.Index(fields=["held_on", "status"], name="park_event_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.held_on:%Y-%m-%d}"


class ParkEventPhoto(models.Model):
    """A photo of an event, stored like project evidence (content-addressed, checked by content)."""

    event = models.ForeignKey(ParkEvent, on_delete=models.PROTECT, related_name="photos")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_name = models.CharField(_("存储路径"), max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
