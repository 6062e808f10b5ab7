"""上云上平台: which platforms and cloud services an enterprise uses, and which platforms it
authorises to push those records through the API."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AdoptionSource(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业填报")
    OFFICIAL = "official", _("主管部门录入")
    PLATFORM = "platform", _("平台推送")


class CloudAdoption(models.Model):
    """One platform or cloud service an enterprise uses, since when, for which scenes."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="cloud_adoptions",
        verbose_name=_("企业"),
    )
    platform = models.ForeignKey(
        "platforms.Platform",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("平台"),
    )
    # A cloud service outside the registry (e.g. a public cloud's hosts), when no platform.
    service_name = models.CharField(_("云服务名称"), max_length=120, blank=True)
    since = models.DateField(_("开始使用日期"))
    # Scene codes of the programme's indicator set (2024 edition: S1.1 … S4.4).
    scenes = models.JSONField(_("应用场景"), default=list)
    source = models.CharField(_("来源"), max_length=12, choices=AdoptionSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("上云上平台记录")
        verbose_name_plural = _("上云上平台记录")
        ordering = ["-since", "pk"]
        constraints = [
            # A platform is recorded once per enterprise: a platform's push updates that row.
            models.UniqueConstraint(
                fields=["enterprise", "platform"],
                condition=models.Q(platform__isnull=False),
                name="adoption_one_per_platform",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "service_name"],
                condition=models.Q(platform__isnull=True),
                name="adoption_one_per_service",
            ),
            # Either a registered platform or a named cloud service.
            models.CheckConstraint(
                condition=models.Q(platform__isnull=False) | ~models.Q(service_name=""),
                name="adoption_platform_or_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.platform or self.service_name}"


class PlatformGrant(models.Model):
    """An enterprise's authorisation for a platform to push its cloud adoption (revocable).

    Only the enterprise grants: being named in an adoption record says the enterprise uses a
    platform, not that the platform may write for it."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="platform_grants",
        verbose_name=_("企业"),
    )
    platform = models.ForeignKey(
        "platforms.Platform",
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("平台"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("授权人"),
    )
    granted_at = models.DateTimeField(_("授权时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("平台授权")
        verbose_name_plural = _("平台授权")
        ordering = ["-granted_at", "pk"]
        constraints = [
            # One live authorisation per enterprise and platform; a revoked one may be renewed.
            models.UniqueConstraint(
                fields=["enterprise", "platform"],
                condition=models.Q(revoked_at__isnull=True),
                name="platform_grant_one_live",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.platform}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
