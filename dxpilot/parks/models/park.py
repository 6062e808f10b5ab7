"""Parks of the programme (Hefei plan §三.11: 3+ "一区一业一样板" pilot parks)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Park(models.Model):
    """An industrial park: where it lies (a 开发区 or a division of the programme file), its one
    industry ("一区一业": a 细分行业) and the enterprises in it; `is_pilot` marks the city's
    "一区一业一样板" pilot parks, which the `parks` metric counts."""

    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="parks")
    name = models.CharField(_("园区名称"), max_length=120)
    # The zone (开发区) or division hosting the park: a district officer manages the parks of theirs.
    division = models.ForeignKey(
        "programs.Division",
        on_delete=models.PROTECT,
        related_name="parks",
        verbose_name=_("所在开发区或区划"),
    )
    segment = models.ForeignKey(
        "programs.Segment",
        on_delete=models.PROTECT,
        related_name="parks",
        verbose_name=_("主导细分行业"),
    )
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise", blank=True, related_name="parks", verbose_name=_("园区企业")
    )
    is_pilot = models.BooleanField(_("“一区一业一样板”试点园区"), default=False)
    designated_on = models.DateField(_("认定日期"), null=True, blank=True)
    summary = models.TextField(_("园区简介"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("园区")
        verbose_name_plural = _("园区")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="park_unique_name"),
            # A pilot park has the date of its designation (the metric counts designations).
            models.CheckConstraint(
                condition=models.Q(is_pilot=False) | models.Q(designated_on__isnull=False),
                name="park_pilot_designated",
            ),
        ]

    def __str__(self) -> str:
        return self.name
