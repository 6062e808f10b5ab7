"""工业机理模型库: industrial mechanism models offered by providers and platforms (Hefei plan §三.1:
the N platforms supply "小快轻准"软件产品商店、工业机理模型库、线上培训资源; §三.8 工业机理模型).

A model is judged by the city like a product: the submitter drafts and submits it, the city
admin lists it (or returns it with reasons) and may withdraw a listed one. Its scenes are the
indicator set's scene names, the same values a product's scenes hold, so the catalogue can show
the models of a product's scenes next to it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Licence(models.TextChoices):
    OPEN_SOURCE = "open_source", _("开源")
    FREE = "free", _("免费使用")
    PAID = "paid", _("付费授权")


class ModelStatus(models.TextChoices):
    DRAFT = "draft", _("填写中")
    SUBMITTED = "submitted", _("待审核")
    LISTED = "listed", _("已上架")
    WITHDRAWN = "withdrawn", _("已下架")


class MechanismModel(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="mechanism_models"
    )
    name = models.CharField(_("模型名称"), max_length=120)
    summary = models.CharField(_("一句话介绍"), max_length=200)
    description = models.TextField(_("模型说明"), blank=True, default="")
    inputs = models.TextField(_("输入"), help_text=_("模型需要的数据，例如 主轴振动、电流、温度。"))
    outputs = models.TextField(_("输出"), help_text=_("模型给出的结果，例如 剩余寿命、故障预警。"))
    segments = models.ManyToManyField(
        "programs.Segment", blank=True, related_name="+", verbose_name=_("适用细分行业")
    )
    # Exactly one of provider and platform offers the model (constraint below).
    provider = models.ForeignKey(
        "providers.Provider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mechanism_models",
        verbose_name=_("提供服务商"),
    )
    platform = models.ForeignKey(
        "platforms.Platform",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mechanism_models",
        verbose_name=_("提供平台"),
    )
    licence = models.CharField(_("授权方式"), max_length=16, choices=Licence.choices)
    licence_terms = models.CharField(
        _("授权说明"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("例如 Apache-2.0，或收费标准。"),
    )
    api_url = models.URLField(_("接口地址"), blank=True, default="")
    status = models.CharField(
        _("状态"), max_length=12, choices=ModelStatus.choices, default=ModelStatus.DRAFT
    )
    review_note = models.TextField(_("审核意见"), blank=True, default="")
    # Counted by services.record_use (a download or an API call opened), never typed.
    usage_count = models.PositiveIntegerField(_("使用次数"), default=0, editable=False)
    listed_at = models.DateTimeField(_("上架时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("机理模型")
        verbose_name_plural = _("机理模型")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(provider__isnull=False, platform__isnull=True)
                    | models.Q(provider__isnull=True, platform__isnull=False)
                ),
                name="mechanism_model_one_owner",
            ),
            # One name per provider or platform: the submitter updates an entry, never doubles it.
            models.UniqueConstraint(
                fields=["provider", "name"],
                condition=models.Q(provider__isnull=False),
                name="mechanism_model_unique_provider_name",
            ),
            models.UniqueConstraint(
                fields=["platform", "name"],
                condition=models.Q(platform__isnull=False),
                name="mechanism_model_unique_platform_name",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status"], name="mechanism_model_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_name(self) -> str:
        owner = self.provider or self.platform
        return owner.name if owner else ""

    @property
    def is_editable(self) -> bool:
        return self.status == ModelStatus.DRAFT


class ModelScene(models.Model):
    """A business scene of the indicator set the model serves (the scene's name, as products)."""

    model = models.ForeignKey(MechanismModel, on_delete=models.CASCADE, related_name="scenes")
    scene = models.CharField(_("应用场景"), max_length=20)

    class Meta:
        verbose_name = _("模型场景")
        verbose_name_plural = _("模型场景")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["model", "scene"], name="model_scene_once"),
        ]
        # The catalogue asks "which listed models serve these scenes" on every product page.
        indexes = [models.Index(fields=["scene", "model"], name="model_scene_idx")]

    def __str__(self) -> str:
        return self.scene


class ModelFile(models.Model):
    """A file of the model (a package, a document), typed by its content; immutable once stored."""

    model = models.ForeignKey(MechanismModel, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("文件"), upload_to="mechanism-models/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=80)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("模型文件")
        verbose_name_plural = _("模型文件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ModelTerm(models.Model):
    """Search index rows, cut by the catalogue's tokenizer (providers.search)."""

    model = models.ForeignKey(MechanismModel, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=40)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "term"], name="model_term_once"),
        ]
        indexes = [models.Index(fields=["term", "model"], name="model_term_idx")]

    def __str__(self) -> str:
        return self.term
