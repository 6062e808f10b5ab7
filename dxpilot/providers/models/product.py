from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProductKind(models.TextChoices):
    """Keys align with the subsidy categories of the programme file (programs/hefei.yaml)."""

    SOFTWARE = "software", _("软件")
    CLOUD = "cloud", _("云服务")
    DATA_DEVICES = "data_devices", _("网关、路由等数据采集传输设备")
    CONSULTING = "consulting", _("咨询诊断服务")


class Deployment(models.TextChoices):
    SAAS = "saas", _("SaaS 云端订阅")
    PRIVATE = "private", _("本地私有化部署")
    HYBRID = "hybrid", _("混合部署")


class PriceUnit(models.TextChoices):
    PER_SET = "set", _("元/套")
    PER_YEAR = "year", _("元/年")
    PER_USER_YEAR = "user_year", _("元/用户·年")
    PER_DEVICE = "device", _("元/台")
    PER_PROJECT = "project", _("元/项目")


class Product(models.Model):
    """A "小快轻准" product or solution (小型化、快速化、轻量化、精准化).

    揭阳's rule "一产品、一样板、一评审": each product comes with one local sample project and
    passes one review (paper, demo and technical test) before it is listed in the catalogue."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("填写中")
        SUBMITTED = "submitted", _("待评审")
        RETURNED = "returned", _("已退回")
        REVIEWED = "reviewed", _("评审通过")
        LISTED = "listed", _("已上架")
        DELISTED = "delisted", _("已下架")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("产品名称"), max_length=120)
    kind = models.CharField(_("产品类型"), max_length=16, choices=ProductKind.choices)
    summary = models.CharField(_("一句话介绍"), max_length=200)
    description = models.TextField(_("产品介绍"), blank=True)
    segments = models.ManyToManyField(
        "programs.Segment", blank=True, verbose_name=_("适用细分行业")
    )
    deployment = models.CharField(_("部署方式"), max_length=12, choices=Deployment.choices)
    price = models.DecimalField(_("价格（元）"), max_digits=12, decimal_places=2)
    price_unit = models.CharField(_("计价单位"), max_length=12, choices=PriceUnit.choices)
    implementation_days = models.PositiveSmallIntegerField(_("实施周期（天）"))
    sample_enterprise_name = models.CharField(_("样板项目企业"), max_length=120)
    sample_enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("样板企业（已登记）"),
    )  # fmt: skip
    sample_contract_date = models.DateField(_("样板项目合同日期"))
    sample_summary = models.TextField(_("样板项目概况"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    is_excellent = models.BooleanField(_("优秀产品"), default=False)
    batch = models.ForeignKey(
        "programs.Batch", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("征集批次"),
    )  # fmt: skip
    revision = models.PositiveIntegerField(_("版本"), default=0)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("评审时间"), null=True, blank=True)
    listed_at = models.DateTimeField(_("上架时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("产品")
        verbose_name_plural = _("产品")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "name"], name="product_unique_name_per_provider"
            ),
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="product_price_not_negative"
            ),
        ]
        indexes = [
            # The public catalogue reads listed products, excellent first, and filters by price.
            models.Index(fields=["status", "is_excellent"], name="product_status_idx"),
            models.Index(fields=["status", "price"], name="product_price_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class ProductScene(models.Model):
    """A business scene of the indicator set that the product lifts, and to which level (1-4)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="scenes")
    scene = models.CharField(_("应用场景"), max_length=20)
    level = models.PositiveSmallIntegerField(_("可达等级"))

    class Meta:
        verbose_name = _("产品场景")
        verbose_name_plural = _("产品场景")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "scene"], name="product_scene_once"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="product_scene_level_range"
            ),
        ]
        # The scene filter of the catalogue looks products up by scene.
        indexes = [models.Index(fields=["scene", "product"], name="product_scene_idx")]

    def __str__(self) -> str:
        return f"{self.scene} {self.level}"


class ProductDecision(models.Model):
    """One recorded step of a product's review and listing, with reasons."""

    class Kind(models.TextChoices):
        SUBMIT = "submit", _("提交评审")
        RETURN = "return", _("退回")
        REVIEW = "review", _("评审通过")
        LIST = "list", _("上架")
        DELIST = "delist", _("下架")
        EXCELLENT = "excellent", _("评为优秀产品")
        UNEXCELLENT = "unexcellent", _("取消优秀产品")

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("决定"), max_length=16, choices=Kind.choices)
    from_status = models.CharField(_("原状态"), max_length=12, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, blank=True)
    reasons = models.TextField(_("理由"), blank=True)
    details = models.JSONField(_("依据"), default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("产品决定")
        verbose_name_plural = _("产品决定")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.product_id} · {self.get_kind_display()}"


class ProductTerm(models.Model):
    """The search index: one row per product and jieba term, weighted by where the term occurs
    (name, scenes, provider, summary, description). Rebuilt by search.index_products."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=40)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "term"], name="product_term_once")
        ]
        # Searching looks terms up first, then the products holding them.
        indexes = [models.Index(fields=["term", "product"], name="product_term_idx")]

    def __str__(self) -> str:
        return self.term
