"""The plan (方案) of a project: scenes to lift, chosen products, the optimiser's explanation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    project = models.ForeignKey(
        "projects.TransformationProject", on_delete=models.PROTECT, related_name="plans"
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    target_level = models.PositiveSmallIntegerField(_("目标等级"), default=2)
    budget = models.DecimalField(
        _("预算（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # What the optimiser proposed (chosen products, cost, expected level, alternatives, reasons).
    recommendation = models.JSONField(_("推荐结果"), default=dict, blank=True)
    expected_total = models.DecimalField(
        _("预计总分"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    expected_level = models.PositiveSmallIntegerField(_("预计等级"), null=True, blank=True)
    is_current = models.BooleanField(_("当前版本"), default=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(_("确定时间"), default=timezone.now)

    class Meta:
        verbose_name = _("改造方案")
        verbose_name_plural = _("改造方案")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="plan_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.project} v{self.version}"


class PlanItem(models.Model):
    """A product the enterprise chose, the scene it lifts and to which level."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey("providers.Product", on_delete=models.PROTECT, related_name="+")
    scene = models.CharField(_("场景"), max_length=20, blank=True)
    target_scene_level = models.PositiveSmallIntegerField(_("场景目标等级"), null=True, blank=True)
    price = models.DecimalField(_("价格（元）"), max_digits=12, decimal_places=2)
    recommended = models.BooleanField(_("来自推荐"), default=False)

    class Meta:
        verbose_name = _("方案产品")
        verbose_name_plural = _("方案产品")

    def __str__(self) -> str:
        return f"{self.product_id} → {self.scene}"
