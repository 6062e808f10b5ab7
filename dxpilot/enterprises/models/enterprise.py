from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxpilot.core.crypto import EncryptedTextField


class SizeClass(models.TextChoices):
    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class Nature(models.TextChoices):
    STATE = "state", _("国有")
    PRIVATE = "private", _("民营")
    FOREIGN = "foreign", _("外资")
    MIXED = "mixed", _("混合所有制")
    OTHER = "other", _("其他")


class SrdiTier(models.TextChoices):
    NONE = "none", _("无")
    INNOVATIVE = "innovative", _("创新型中小企业")
    SRDI = "srdi", _("专精特新中小企业")
    LITTLE_GIANT = "little_giant", _("专精特新“小巨人”企业")


class Enterprise(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="enterprises"
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("企业名称"), max_length=120)
    division = models.ForeignKey(
        "programs.Division",
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("所属行政区划"),
    )
    zone = models.ForeignKey(
        "programs.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zone_enterprises",
        verbose_name=_("所属开发区"),
    )
    industry = models.ForeignKey(
        "programs.Industry", on_delete=models.PROTECT, verbose_name=_("国民经济行业")
    )
    segment = models.ForeignKey(
        "programs.Segment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("细分行业"),
    )
    nature = models.CharField(
        _("企业性质"), max_length=12, choices=Nature.choices, default=Nature.PRIVATE
    )
    srdi_tier = models.CharField(
        _("优质中小企业情况"), max_length=16, choices=SrdiTier.choices, default=SrdiTier.NONE
    )
    above_scale = models.BooleanField(_("规模以上"), default=False)
    employees = models.PositiveIntegerField(_("从业人员（人）"))
    revenue = models.DecimalField(_("营业收入（万元）"), max_digits=12, decimal_places=2)
    size_class = models.CharField(_("企业规模"), max_length=8, choices=SizeClass.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    is_pilot = models.BooleanField(_("试点企业"), default=False)
    contact_name = EncryptedTextField(_("联系人"), blank=True, default="")
    contact_phone = EncryptedTextField(_("联系电话"), blank=True, default="")
    contact_email = EncryptedTextField(_("电子邮箱"), blank=True, default="")
    bank_account = EncryptedTextField(_("银行账号"), blank=True, default="")
    # Keyed hashes of phone and bank account so shared ones can be found without decrypting.
    contact_phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    bank_account_index = models.CharField(max_length=64, blank=True, db_index=True)
    # Denormalised from the latest locked on-site assessment so dashboards and peer benchmarks
    # aggregate one table (constant queries at any scale); written only by assessment services.
    level = models.PositiveSmallIntegerField(_("现场评测等级"), null=True, blank=True)
    level_total = models.DecimalField(
        _("现场评测总分"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    level_assessment = models.ForeignKey(
        "assessment.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("最近现场评测"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "credit_code"], name="enterprise_unique_credit_code"
            ),
        ]
        indexes = [
            # District lists and dashboards group by division and segment.
            models.Index(fields=["program", "division"], name="enterprise_division_idx"),
            models.Index(fields=["program", "zone"], name="enterprise_zone_idx"),
            models.Index(fields=["program", "segment"], name="enterprise_segment_idx"),
            # KPI metrics and the dashboard count pilots and 规上 enterprises (by 细分行业): these
            # covering indexes let them read the index instead of every (wide) enterprise row.
            models.Index(fields=["program", "is_pilot", "segment"], name="enterprise_pilot_idx"),
            models.Index(
                fields=["program", "above_scale", "segment"], name="enterprise_above_scale_idx"
            ),
            models.Index(
                fields=["segment", "size_class", "level_total"], name="enterprise_peer_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name
