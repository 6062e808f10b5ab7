"""技改项目清单: the technical-upgrade projects of enterprises (Hefei plan §三.5, 大规模设备更新)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EquipmentCategory(models.TextChoices):
    """The equipment-update directions. Choices, not programme configuration: they are the
    national directions of 国发〔2024〕7号 (推动大规模设备更新和消费品以旧换新行动方案:
    "以节能降碳、超低排放、安全生产、数字化转型、智能化升级为重要方向"), which Hefei's plan
    §三.5 takes up ("重点围绕数字化转型、智能化升级等方向"); they mean the same in every city."""

    DIGITAL = "digital", _("数字化转型")
    INTELLIGENT = "intelligent", _("智能化升级")
    ENERGY = "energy", _("节能降碳")
    EMISSIONS = "emissions", _("超低排放")
    SAFETY = "safety", _("安全生产")
    OTHER = "other", _("其他设备更新")


class UpgradeStatus(models.TextChoices):
    PLANNED = "planned", _("计划实施")
    UNDER_CONSTRUCTION = "under_construction", _("在建")
    COMPLETED = "completed", _("已完工")


class UpgradeProject(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="upgrade_projects"
    )
    # The division is the enterprise's (enterprise.division / zone): never stored twice.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="upgrade_projects",
        verbose_name=_("企业"),
    )
    name = models.CharField(_("项目名称"), max_length=120)
    total_investment = models.DecimalField(_("总投资（万元）"), max_digits=12, decimal_places=2)
    equipment_investment = models.DecimalField(
        _("设备投资（万元）"), max_digits=12, decimal_places=2
    )
    category = models.CharField(_("设备更新方向"), max_length=16, choices=EquipmentCategory.choices)
    status = models.CharField(_("项目状态"), max_length=20, choices=UpgradeStatus.choices)
    start_on = models.DateField(_("开工日期"))
    end_on = models.DateField(_("完工日期"), help_text=_("计划或实际完工日期。"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("技改项目")
        verbose_name_plural = _("技改项目")
        ordering = ["-start_on", "pk"]
        constraints = [
            # An enterprise's project is known by its name: the import updates it by that key.
            models.UniqueConstraint(
                fields=["enterprise", "name"], name="upgrade_project_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(equipment_investment__lte=models.F("total_investment")),
                name="upgrade_equipment_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(end_on__gte=models.F("start_on")), name="upgrade_end_after_start"
            ),
        ]
        indexes = [
            # The list filters by programme, status and start year.
            models.Index(fields=["program", "status", "start_on"], name="upgrade_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name
