from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProviderDecision(models.Model):
    """One recorded decision about a provider, with its reasons (新乡: 警告、限期整改、取消资格,
    providers may appeal). Decisions are never edited or deleted; an appeal and its outcome are
    decisions too, pointing at what they answer through `appeal_of`."""

    class Kind(models.TextChoices):
        SUBMIT = "submit", _("提交申请")
        RETURN = "return", _("退回")
        REJECT = "reject", _("不予入库")
        APPROVE = "approve", _("审核入库")
        EVALUATE = "evaluate", _("年度评价")
        WARN = "warn", _("警告")
        SUSPEND = "suspend", _("暂停资格")
        REINSTATE = "reinstate", _("恢复资格")
        REMOVE = "remove", _("移出服务商库")
        APPEAL = "appeal", _("申诉")
        APPEAL_UPHELD = "appeal_upheld", _("申诉成立")
        APPEAL_DISMISSED = "appeal_dismissed", _("申诉驳回")

    APPEALABLE = (Kind.REJECT, Kind.WARN, Kind.SUSPEND, Kind.REMOVE)
    SANCTIONS = (Kind.WARN, Kind.SUSPEND, Kind.REMOVE)
    OUTCOMES = (Kind.APPEAL_UPHELD, Kind.APPEAL_DISMISSED)

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(_("决定"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("原状态"), max_length=12, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, blank=True)
    reasons = models.TextField(_("理由"), blank=True)
    # Facts the decision rested on, e.g. the quota count at approval or an evaluation's score.
    details = models.JSONField(_("依据"), default=dict, blank=True)
    appeal_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="answers",
        verbose_name=_("针对的决定"),
    )  # fmt: skip
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("决定人"),
    )  # fmt: skip
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("服务商决定")
        verbose_name_plural = _("服务商决定")
        ordering = ["-at", "-pk"]
        constraints = [
            # A decision can be appealed once, and an appeal answered once.
            models.UniqueConstraint(
                fields=["appeal_of"],
                condition=models.Q(kind="appeal"),
                name="provider_decision_one_appeal",
            ),
            models.UniqueConstraint(
                fields=["appeal_of"],
                condition=models.Q(kind__in=["appeal_upheld", "appeal_dismissed"]),
                name="provider_decision_one_outcome",
            ),
        ]
        indexes = [models.Index(fields=["provider", "kind"], name="provider_decision_kind_idx")]

    def __str__(self) -> str:
        return f"{self.provider_id} · {self.get_kind_display()}"
