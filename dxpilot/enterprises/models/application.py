"""申报: an enterprise applies to join a batch of pilot enterprises (批次), with attachments and a
truthfulness pledge; the district reviews it (初审), the city decides (审核/入库).

Nothing here is ever deleted: a withdrawal, a return or a replacement is a state plus an event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxpilot.accounts.models import Role
from dxpilot.enterprises.eligibility import STATUS_LABELS


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待县区初审")
    RESUBMITTED = "resubmitted", _("重新提交，待县区初审")
    DISTRICT_PASSED = "district_passed", _("初审通过，待市级审核")
    RETURNED = "returned", _("已退回修改")
    ADMITTED = "admitted", _("已入库")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


class AttachmentKind(models.TextChoices):
    DECLARATION = "declaration", _("申报书")
    FINANCIALS = "financials", _("近两年财务报表")
    PLAN = "plan", _("数字化转型需求或方案")
    OTHER = "other", _("其他佐证材料")


# Hefei's 2024 notice: the enterprise uploads its evidence (附件1) with the application; these three
# are what every city we read asks for. "Other" is optional and may hold several files.
REQUIRED_ATTACHMENTS = (AttachmentKind.DECLARATION, AttachmentKind.FINANCIALS, AttachmentKind.PLAN)


STATUS_BADGES: dict[str, str] = {
    ApplicationStatus.SUBMITTED: "warn",
    ApplicationStatus.RESUBMITTED: "warn",
    ApplicationStatus.DISTRICT_PASSED: "info",
    ApplicationStatus.RETURNED: "bad",
    ApplicationStatus.ADMITTED: "ok",
    ApplicationStatus.REJECTED: "bad",
    ApplicationStatus.WITHDRAWN: "muted",
}


class Application(models.Model):
    Status = ApplicationStatus

    batch = models.ForeignKey(
        "programs.Batch",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("批次"),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("企业"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    # Bumped by every transition: a decision made on a page that shows an older version is refused
    # (two officials on the same application), on top of the row lock in the services.
    version = models.PositiveIntegerField(_("版本"), default=0)
    needs_summary = models.TextField(_("数字化转型需求简述"), blank=True)
    # None until the enterprise declares it: submitting needs an explicit answer.
    previously_funded = models.BooleanField(
        _("曾获中央财政资金支持"), null=True, blank=True, default=None
    )
    funding_note = models.CharField(_("资金支持说明"), max_length=200, blank=True)
    # The eligibility check as it stood at the latest submission (the live one may differ later).
    eligibility = models.JSONField(_("提交时的资格核验"), null=True, blank=True)
    # The latest return's or rejection's reasons, denormalised from its event so lists and the
    # enterprise's page say why without reading the timeline.
    reasons = models.JSONField(_("退回或不通过原因"), default=list, blank=True)
    return_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    pledged_at = models.DateTimeField(_("真实性承诺时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("最近提交时间"), null=True, blank=True)
    district_passed_at = models.DateTimeField(_("初审通过时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("市级决定时间"), null=True, blank=True)
    admitted_at = models.DateTimeField(_("入库时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("递补的申报"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        ordering = ["-created_at"]
        constraints = [
            # One live application per enterprise and batch; a withdrawn one may be followed by another.
            models.UniqueConstraint(
                fields=["batch", "enterprise"],
                condition=~models.Q(status="withdrawn"),
                name="application_one_per_batch",
            ),
            # An enterprise is admitted once (入库), whichever batch: the database guards the rule.
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=models.Q(status="admitted"),
                name="application_one_admission",
            ),
        ]
        indexes = [
            # Queues filter by batch and status and sort by submission time.
            models.Index(fields=["batch", "status", "submitted_at"], name="application_queue_idx"),
            models.Index(fields=["enterprise", "status"], name="application_enterprise_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.batch}"

    @property
    def status_badge(self) -> str:
        """The CSS modifier of the status badge (kebab-case, as the style guide asks)."""
        return STATUS_BADGES.get(self.status, "")

    @property
    def eligibility_badge(self) -> str:
        """The badge modifier of the eligibility verdict stored at submission ("" if none)."""
        verdict = (self.eligibility or {}).get("verdict", "")
        return str(verdict).replace("_", "-")

    @property
    def eligibility_label(self) -> str:
        """符合 / 需核实 / 不符合, as judged at submission ("" if never submitted)."""
        verdict = (self.eligibility or {}).get("verdict", "")
        return str(STATUS_LABELS.get(verdict, ""))

    @property
    def left_the_pilot(self) -> bool:
        """Withdrawn after admission (退出试点), as opposed to an application withdrawn before."""
        return self.status == ApplicationStatus.WITHDRAWN and self.admitted_at is not None


class ApplicationAttachment(models.Model):
    """A file of the application; content-typed, hashed, never deleted (a new upload supersedes)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField(_("材料类型"), max_length=16, choices=AttachmentKind.choices)
    file = models.FileField(_("文件"), upload_to="applications/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=80)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    is_current = models.BooleanField(_("当前版本"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        ordering = ["kind", "uploaded_at", "pk"]
        indexes = [
            models.Index(
                fields=["application", "kind", "is_current"], name="application_attachment_idx"
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class ApplicationEvent(models.Model):
    """One state change (who, when, from → to, why): the enterprise's timeline of its application."""

    class Action(models.TextChoices):
        START = "start", _("创建申报")
        SUBMIT = "submit", _("提交申报")
        RESUBMIT = "resubmit", _("修改后重新提交")
        DISTRICT_PASS = "district_pass", _("县区初审通过")
        RETURN = "return", _("退回修改")
        ADMIT = "admit", _("市级审核通过，入库")
        REJECT = "reject", _("市级审核不通过")
        WITHDRAW = "withdraw", _("撤回")
        REPLACE = "replace", _("由其他企业递补")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    from_status = models.CharField(
        _("原状态"), max_length=16, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=16, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_role = models.CharField(_("操作人角色"), max_length=20, blank=True)
    reasons = models.JSONField(_("原因"), default=list, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("申报记录")
        verbose_name_plural = _("申报记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.from_status} → {self.to_status}"

    @property
    def actor_role_label(self) -> str:
        return str(Role(self.actor_role).label) if self.actor_role in Role.values else ""
