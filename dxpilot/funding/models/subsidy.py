"""Subsidy (奖补) computed by the programme's rule, paid in disbursement batches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxpilot.core.phrases import render_all


class Subsidy(models.Model):
    class Status(models.TextChoices):
        COMPUTED = "computed", _("已核算")
        APPROVED = "approved", _("已核定")
        PAID = "paid", _("已拨付")

    project = models.OneToOneField(
        "projects.TransformationProject", on_delete=models.PROTECT, related_name="subsidy"
    )
    completion_year = models.PositiveSmallIntegerField(_("完成年度"))
    level = models.PositiveSmallIntegerField(_("评定等级"))
    eligible_investment = models.DecimalField(
        _("可计入投入（元）"), max_digits=12, decimal_places=2
    )
    ratio = models.DecimalField(_("奖补比例"), max_digits=4, decimal_places=3)
    cap = models.DecimalField(_("上限（元）"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("奖补金额（元）"), max_digits=12, decimal_places=2)
    # Line by line, stored sentences (funding.phrases); `explanation_lines` says them.
    explanation = models.JSONField(_("核算说明"), default=list)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.COMPUTED
    )
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    computed_at = models.DateTimeField(_("核算时间"), default=timezone.now)

    class Meta:
        verbose_name = _("奖补")
        verbose_name_plural = _("奖补")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="subsidy_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.amount}"

    @property
    def explanation_lines(self) -> list[str]:
        """The explanation in the active language (a legacy line as it was stored)."""
        return render_all(self.explanation)


class DisbursementBatch(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("编制中")
        APPROVED = "approved", _("已审批")
        PAID = "paid", _("已拨付")

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="disbursement_batches"
    )
    name = models.CharField(_("批次名称"), max_length=100)
    stage = models.CharField(
        _("拨付阶段"), max_length=30
    )  # key of the programme's disbursement stages
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    paid_at = models.DateTimeField(_("拨付时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("拨付批次")
        verbose_name_plural = _("拨付批次")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Disbursement(models.Model):
    batch = models.ForeignKey(
        DisbursementBatch, on_delete=models.PROTECT, related_name="disbursements"
    )
    subsidy = models.ForeignKey(Subsidy, on_delete=models.PROTECT, related_name="disbursements")
    stage = models.CharField(_("拨付阶段"), max_length=30)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("拨付")
        verbose_name_plural = _("拨付")
        constraints = [
            # Nothing is paid twice: one disbursement per subsidy and stage.
            models.UniqueConstraint(
                fields=["subsidy", "stage"], name="disbursement_once_per_stage"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="disbursement_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subsidy_id} {self.stage}: {self.amount}"
