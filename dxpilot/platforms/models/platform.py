"""The registry of industry-level and industrial internet platforms (Hefei "1+4+N", §三.1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PlatformKind(models.TextChoices):
    INDUSTRY = "industry", _("行业级平台")
    INDUSTRIAL_INTERNET = "industrial_internet", _("工业互联网平台")


class PlatformLevel(models.TextChoices):
    CROSS_INDUSTRY = "cross_industry", _("国家级“双跨”平台")
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")


# Levels that come with a national recognition (and so a recognised-on date).
NATIONAL_LEVELS = (PlatformLevel.CROSS_INDUSTRY, PlatformLevel.NATIONAL)


class SystemGroup(models.TextChoices):
    """Hefei's "20+80" platform system: 20 leading platforms and 80 more."""

    TOP_20 = "top20", _("“20+80”体系：20家重点平台")
    NEXT_80 = "next80", _("“20+80”体系：80家培育平台")
    NONE = "none", _("未纳入“20+80”体系")


class Platform(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="platforms"
    )
    name = models.CharField(_("平台名称"), max_length=120)
    operator = models.CharField(_("运营单位"), max_length=120)
    kind = models.CharField(_("平台类型"), max_length=24, choices=PlatformKind.choices)
    level = models.CharField(_("平台级别"), max_length=16, choices=PlatformLevel.choices)
    segments = models.ManyToManyField(
        "programs.Segment", blank=True, related_name="platforms", verbose_name=_("服务细分行业")
    )
    system_group = models.CharField(
        _("“20+80”体系"), max_length=8, choices=SystemGroup.choices, default=SystemGroup.NONE
    )
    recognised_on = models.DateField(_("国家级认定日期"), null=True, blank=True)
    # The platform's API client account (role api_client): its tokens push cloud adoption for
    # the enterprises that authorised the platform, and for no other.
    client = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="platform",
        verbose_name=_("接口客户端账号"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("平台")
        verbose_name_plural = _("平台")
        ordering = ["name", "pk"]
        constraints = [
            # The registry lists a platform once per programme.
            models.UniqueConstraint(fields=["program", "name"], name="platform_unique_name"),
            # Only a national recognition has a date; a national one must have it.
            models.CheckConstraint(
                condition=(
                    models.Q(level__in=["cross_industry", "national"], recognised_on__isnull=False)
                    | (
                        ~models.Q(level__in=["cross_industry", "national"])
                        & models.Q(recognised_on__isnull=True)
                    )
                ),
                name="platform_recognised_on_if_national",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.level in NATIONAL_LEVELS
