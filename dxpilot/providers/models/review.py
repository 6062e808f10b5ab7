from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProviderRating(models.Model):
    """An enterprise's rating of a provider that served it (after acceptance; the entry point
    comes with projects). One rating per enterprise and subject (the project or contract)."""

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="ratings"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="provider_ratings",
        verbose_name=_("企业"),
    )
    subject = models.CharField(_("评价对象（项目或合同）"), max_length=120, blank=True)
    score = models.PositiveSmallIntegerField(_("评分（1-5星）"))
    comment = models.TextField(_("评价意见"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(_("评价时间"), default=timezone.now)

    class Meta:
        verbose_name = _("企业评价")
        verbose_name_plural = _("企业评价")
        ordering = ["-rated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "enterprise", "subject"],
                name="provider_rating_once_per_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="provider_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} · {self.score}"


class ProviderEvaluation(models.Model):
    """The yearly 100-point evaluation (厦门: 服务企业情况、产品服务能力、工作实效评价、综合服务能力)
    and the stars it earns (新乡: 评星评级)."""

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    scores = models.JSONField(_("分项得分"), default=dict)
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=2)
    stars = models.PositiveSmallIntegerField(_("星级"))
    notes = models.TextField(_("评价意见"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("评价时间"), default=timezone.now)

    class Meta:
        verbose_name = _("年度评价")
        verbose_name_plural = _("年度评价")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "year"], name="provider_evaluation_once_a_year"
            ),
            models.CheckConstraint(
                condition=models.Q(total__gte=0, total__lte=100), name="provider_evaluation_range"
            ),
            models.CheckConstraint(
                condition=models.Q(stars__gte=0, stars__lte=5), name="provider_evaluation_stars"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} · {self.year}"
