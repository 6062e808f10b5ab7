"""The programme: a city's pilot plan loaded from its YAML file (programs/<city>.yaml)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Program(models.Model):
    key = models.SlugField(_("方案标识"), max_length=40, unique=True)
    name = models.CharField(_("方案名称"), max_length=200)
    city = models.CharField(_("城市"), max_length=50)
    province = models.CharField(_("省份"), max_length=50, blank=True)
    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    documents = models.JSONField(_("政策依据"), default=list, blank=True)
    starts_on = models.DateField(_("试点开始"))
    ends_on = models.DateField(_("试点结束"))
    central_fund_cap = models.DecimalField(
        _("中央财政资金上限（元）"), max_digits=14, decimal_places=2
    )
    enterprise_share_min = models.DecimalField(
        _("直接用于企业改造的最低比例"), max_digits=4, decimal_places=3, default=Decimal("0.800")
    )
    assessment_edition = models.CharField(_("评测指标版本"), max_length=16, default="2024")
    # Level thresholds override the edition's defaults when set (list of rule rows).
    level_rules = models.JSONField(_("等级判定规则"), null=True, blank=True)
    constraint_scenes = models.JSONField(_("默认约束性场景"), null=True, blank=True)
    subsidy_rule = models.JSONField(_("奖补规则"), default=dict)
    acceptance_rule = models.JSONField(_("验收规则"), default=dict, blank=True)
    # Credit-code area checks: {"outside_region": refuse|warn|ignore, "other_division": …}.
    registry_rule = models.JSONField(_("登记核验规则"), default=dict, blank=True)
    # Circulars and performance evaluation (programs/spec/reporting.py, read by dxpilot.reporting).
    reporting_rule = models.JSONField(_("通报与绩效评价规则"), default=dict, blank=True)
    is_active = models.BooleanField(_("当前方案"), default=True)
    source_sha256 = models.CharField(_("方案文件哈希"), max_length=64, blank=True)
    loaded_at = models.DateTimeField(_("加载时间"), auto_now=True)

    class Meta:
        verbose_name = _("试点方案")
        verbose_name_plural = _("试点方案")

    def __str__(self) -> str:
        return self.name


class Division(models.Model):
    """行政区划 (district/county/county-level city) or 开发区 (zone): separate dimensions."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("市辖区")
        COUNTY = "county", _("县")
        COUNTY_CITY = "county_city", _("县级市")
        ZONE = "zone", _("开发区")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="divisions")
    code = models.CharField(_("代码"), max_length=20)
    name = models.CharField(_("名称"), max_length=60)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("区划")
        verbose_name_plural = _("区划")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="division_unique_code"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_zone(self) -> bool:
        return self.kind == self.Kind.ZONE


class Industry(models.Model):
    """A GB/T 4754-2017 class (4 digits) or group (3 digits)."""

    code = models.CharField(_("行业代码"), max_length=5, unique=True)
    name = models.CharField(_("行业名称"), max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Segment(models.Model):
    """细分行业: a pilot industry (by industry codes) or a key chain (by directory, not by code)."""

    class Kind(models.TextChoices):
        INDUSTRY = "industry", _("试点行业")
        CHAIN = "chain", _("重点产业链")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="segments")
    key = models.SlugField(_("标识"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    industries = models.ManyToManyField(Industry, blank=True, verbose_name=_("行业代码"))
    constraint_scenes = models.JSONField(_("约束性场景"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("细分行业")
        verbose_name_plural = _("细分行业")
        ordering = ["order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["program", "key"], name="segment_unique_key")
        ]

    def __str__(self) -> str:
        return self.name


class Batch(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("试点企业")
        PROVIDER = "provider", _("服务商")
        PRODUCT = "product", _("产品")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveSmallIntegerField(_("批次号"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    quota = models.PositiveIntegerField(_("名额"), null=True, blank=True)

    class Meta:
        verbose_name = _("批次")
        verbose_name_plural = _("批次")
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kind", "number"], name="batch_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="batch_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(_("标识"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    starts_on = models.DateField(_("开始"))
    ends_on = models.DateField(_("结束"))

    class Meta:
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        ordering = ["starts_on"]
        constraints = [models.UniqueConstraint(fields=["program", "key"], name="stage_unique_key")]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """A KPI target of the plan; the dashboard computes the actual value from data."""

    class Level(models.TextChoices):
        CITY = "city", _("城市方案")
        NATIONAL = "national", _("国家要求")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="targets")
    key = models.SlugField(_("标识"), max_length=60)
    name = models.CharField(_("指标"), max_length=120)
    value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("单位"), max_length=20)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    per_segment = models.BooleanField(_("按细分行业考核"), default=False)
    per_year = models.BooleanField(_("按年度"), default=False)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    # How the dashboard measures it (dxpilot/programs/metrics.py); blank = no data source yet.
    metric = models.CharField(_("统计口径"), max_length=40, blank=True)
    params = models.JSONField(_("口径参数"), default=dict, blank=True)

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        constraints = [models.UniqueConstraint(fields=["program", "key"], name="target_unique_key")]

    def __str__(self) -> str:
        return self.name


class ProviderKind(models.Model):
    """Provider types are the city's (Hefei: 综合型/专业型), each with a quota per 细分行业."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="provider_kinds")
    key = models.SlugField(_("标识"), max_length=40)
    name = models.CharField(_("名称"), max_length=40)
    quota_per_segment = models.PositiveIntegerField(_("每个细分行业名额"), null=True, blank=True)

    class Meta:
        verbose_name = _("服务商类型")
        verbose_name_plural = _("服务商类型")
        constraints = [
            models.UniqueConstraint(fields=["program", "key"], name="provider_kind_unique_key")
        ]

    def __str__(self) -> str:
        return self.name
