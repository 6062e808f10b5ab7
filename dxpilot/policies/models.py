"""Policy documents and notices (政策文件、通知公告): who issued them, their number, when they
apply and to whom (§五.2 强化政策联动: national, provincial, city and district policies)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PolicyKind(models.TextChoices):
    POLICY = "policy", _("政策文件")
    NOTICE = "notice", _("通知公告")


class PolicyLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("县区级")


class ScaleCondition(models.TextChoices):
    """规上 / 规下: a policy may be for enterprises above or below designated size only."""

    ANY = "any", _("不限")
    ABOVE = "above", _("仅规上企业")
    BELOW = "below", _("仅规下企业")


class PolicyStatus(models.TextChoices):
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Policy(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="policies"
    )
    kind = models.CharField(
        _("类别"), max_length=8, choices=PolicyKind.choices, default=PolicyKind.POLICY
    )
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("发文机关"), max_length=120)
    # 文号, e.g. 合政办〔2024〕12号; a notice may have none.
    number = models.CharField(_("文号"), max_length=40, blank=True)
    level = models.CharField(_("政策层级"), max_length=12, choices=PolicyLevel.choices)
    issued_on = models.DateField(_("发文日期"))
    effective_on = models.DateField(_("施行日期"))
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    summary = models.TextField(_("内容摘要"))
    source_url = models.URLField(_("原文链接"), max_length=300, blank=True)
    # Applicability: an empty set means "every"; all conditions must hold.
    divisions = models.ManyToManyField(
        "programs.Division", blank=True, related_name="+", verbose_name=_("适用区划")
    )
    segments = models.ManyToManyField(
        "programs.Segment", blank=True, related_name="+", verbose_name=_("适用细分行业")
    )
    size_classes = models.JSONField(_("适用企业规模"), default=list, blank=True)
    srdi_tiers = models.JSONField(_("适用优质中小企业"), default=list, blank=True)
    scale = models.CharField(
        _("规上/规下"), max_length=8, choices=ScaleCondition.choices, default=ScaleCondition.ANY
    )
    pilot_only = models.BooleanField(_("仅限试点企业"), default=False)
    status = models.CharField(
        _("状态"), max_length=12, choices=PolicyStatus.choices, default=PolicyStatus.PUBLISHED
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.TextField(_("撤回原因"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            # A document number names one document in the programme.
            models.UniqueConstraint(
                fields=["program", "number"],
                condition=~models.Q(number=""),
                name="policy_unique_number",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_on__gte=models.F("issued_on")),
                name="policy_effective_after_issue",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("effective_on")),
                name="policy_expires_after_effective",
            ),
        ]
        indexes = [
            # The public list: published documents of the programme, newest first.
            models.Index(fields=["program", "status", "-issued_on"], name="policy_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）" if self.number else self.title

    def is_expired(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on < today

    def is_pending(self, today: date | None = None) -> bool:
        return self.effective_on > (today or timezone.localdate())

    @property
    def expired(self) -> bool:
        return self.is_expired()

    @property
    def pending(self) -> bool:
        return self.is_pending()

    @property
    def is_withdrawn(self) -> bool:
        return self.status == PolicyStatus.WITHDRAWN


class PolicyAttachment(models.Model):
    """A file of a policy (the document itself, an annex), kept in the content-addressed
    evidence storage (dxpilot.projects.storage)."""

    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("政策文件")
    )
    original_name = models.CharField(_("文件名"), max_length=200)
    storage_name = models.CharField(_("存储路径"), max_length=200)
    sha256 = models.CharField(_("内容哈希"), max_length=64)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("文件类型"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("政策附件")
        verbose_name_plural = _("政策附件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class PolicyTerm(models.Model):
    """The search index: one row per policy and jieba term, weighted by where it occurs."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=40)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["policy", "term"], name="policy_term_once")]
        # Searching looks terms up first, then the policies holding them.
        indexes = [models.Index(fields=["term", "policy"], name="policy_term_idx")]

    def __str__(self) -> str:
        return self.term
