"""Typical cases (典型案例, Hefei plan §三.10, §三.12): 链式 chain cases, 样板项目 sample
projects, 标杆 benchmarks (三级+) and 灯塔 lighthouse cases.

A case tells the story of one enterprise's transformation project. Its before/after figures are
never typed in: they are read from the project record (T0/T1 assessments, investment lines,
subsidy) by `cases.selectors.project_figures`; the copy kept on the case (`figures`) is taken
when the case goes to review, and publication is refused if the project record no longer says
the same thing (the reviewer approved what the public will see).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    CHAIN = "chain", _("链式转型案例")
    SAMPLE = "sample", _("数智化样板项目")
    BENCHMARK = "benchmark", _("标杆案例（三级及以上）")
    LIGHTHOUSE = "lighthouse", _("灯塔工厂案例")


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEW = "review", _("待审核")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Case(models.Model):
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="cases")
    kind = models.CharField(_("案例类型"), max_length=12, choices=CaseKind.choices)
    title = models.CharField(_("案例标题"), max_length=120)
    summary = models.CharField(_("一句话介绍"), max_length=200)
    body = models.TextField(_("案例正文"), blank=True, default="")
    # The enterprise is the project's (copied for scope and lists; never chosen separately).
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("企业"),
    )
    project = models.ForeignKey(
        "projects.TransformationProject",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("转型项目"),
    )
    providers = models.ManyToManyField(
        "providers.Provider", blank=True, related_name="cases", verbose_name=_("服务商")
    )
    products = models.ManyToManyField(
        "providers.Product", blank=True, related_name="cases", verbose_name=_("产品")
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    # The project's figures as they were when the case went to review (selectors.project_figures).
    figures = models.JSONField(_("项目数据"), default=dict, blank=True)
    # Reasons of the last return or withdrawal.
    reasons = models.TextField(_("理由"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交审核时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [
            # The showcase and the metrics read published cases of a kind.
            models.Index(fields=["program", "status", "kind"], name="case_status_kind_idx"),
        ]
        constraints = [
            # One case of a kind per project: the same story is not counted twice.
            models.UniqueConstraint(
                fields=["project", "kind"],
                condition=~models.Q(status="withdrawn"),
                name="case_one_per_project_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status == CaseStatus.DRAFT


class CaseImage(models.Model):
    """A picture of the case (PNG or JPEG, typed by content), stored once per SHA-256 like the
    project evidence (projects.storage)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="images")
    caption = models.CharField(_("图片说明"), max_length=120, blank=True, default="")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_name = models.CharField(_("存储路径"), max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=40)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("案例图片")
        verbose_name_plural = _("案例图片")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.original_name
