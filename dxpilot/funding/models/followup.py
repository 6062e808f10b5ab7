"""Follow-up (成效跟踪) of an accepted project: the outcome figures a year later."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FollowUp(models.Model):
    """成效跟踪 a year after acceptance: proves the programme's +15% revenue / 亩均效益 targets."""

    project = models.OneToOneField(
        "projects.TransformationProject", on_delete=models.PROTECT, related_name="follow_up"
    )
    year = models.PositiveSmallIntegerField(_("跟踪年度"))
    revenue_before = models.DecimalField(
        _("改造前营业收入（万元）"), max_digits=12, decimal_places=2
    )
    revenue_after = models.DecimalField(
        _("跟踪年度营业收入（万元）"), max_digits=12, decimal_places=2
    )
    land_mu = models.DecimalField(_("用地面积（亩）"), max_digits=10, decimal_places=2)
    tax_before = models.DecimalField(
        _("改造前税收（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    tax_after = models.DecimalField(
        _("跟踪年度税收（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    followup_assessment = models.ForeignKey(
        "assessment.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("跟踪评测（T2）"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("成效跟踪")
        verbose_name_plural = _("成效跟踪")

    def __str__(self) -> str:
        return f"{self.project} {self.year}"
