from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxpilot.core.crypto import EncryptedTextField


class Role(models.TextChoices):
    """DESIGN §1. A user has exactly one role; scope bindings say which rows it reaches."""

    CITY_ADMIN = "city_admin", _("市级管理员")
    DISTRICT_OFFICER = "district_officer", _("县区/开发区工作人员")
    FINANCE_OFFICER = "finance_officer", _("财政工作人员")
    ASSESSOR = "assessor", _("评测专家")
    ENTERPRISE = "enterprise", _("企业用户")
    PROVIDER = "provider", _("服务商用户")
    API_CLIENT = "api_client", _("接口客户端")


OFFICIAL_ROLES = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER})


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = EncryptedTextField(_("手机号"), blank=True, default="")
    organization = models.CharField(_("所属单位"), max_length=120, blank=True)
    divisions = models.ManyToManyField(
        "programs.Division", blank=True, related_name="officers", verbose_name=_("负责区划")
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("所属企业"),
    )
    # A provider user's employer; for an assessor, the provider their organisation is (if any),
    # which bars them from assessing that provider's clients (conflict of interest).
    provider = models.ForeignKey(
        "providers.Provider",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("所属服务商"),
    )
    totp_secret = EncryptedTextField(_("动态口令密钥"), blank=True, default="")
    totp_enabled = models.BooleanField(_("已启用动态口令"), default=False)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            # Bindings follow the role: an enterprise user must point at its enterprise, etc.
            models.CheckConstraint(
                condition=~models.Q(role="enterprise") | models.Q(enterprise__isnull=False),
                name="user_enterprise_role_has_enterprise",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="provider") | models.Q(provider__isnull=False),
                name="user_provider_role_has_provider",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_full_name(self) -> str:
        """The person's name as other pages show it (姓名), falling back to first and last name."""
        return self.display_name or super().get_full_name()

    @property
    def is_city_admin(self) -> bool:
        return self.role == Role.CITY_ADMIN

    @property
    def is_official(self) -> bool:
        return self.role in OFFICIAL_ROLES


class ApiToken(models.Model):
    """A machine token with named scopes, acting with its owner's data scope."""

    class Scope(models.TextChoices):
        PROGRAM_READ = "program:read", _("读取试点方案配置")
        ENTERPRISES_READ = "enterprises:read", _("读取企业")
        ENTERPRISES_WRITE = "enterprises:write", _("写入企业")
        APPLICATIONS_READ = "applications:read", _("读取试点企业申报")
        ASSESSMENT_SCORE = "assessment:score", _("评测计分")
        ASSESSMENT_READ = "assessment:read", _("读取评测")
        REPORTS_READ = "reports:read", _("读取统计")
        SUBSIDIES_READ = "subsidies:read", _("读取验收状态与奖补")
        PROJECTS_READ = "projects:read", _("读取转型项目与档案元数据")
        PROVIDERS_READ = "providers:read", _("读取服务商")
        CATALOGUE_READ = "catalogue:read", _("读取产品（含未上架）")
        CATALOGUE_WRITE = "catalogue:write", _("写入本服务商产品")
        PLATFORMS_READ = "platforms:read", _("读取平台与上云记录")
        CLOUD_WRITE = "cloud:write", _("推送本平台服务企业的上云记录")
        NATIONAL_READ = "national:read", _("读取国家平台报送")
        MODELS_READ = "models:read", _("读取工业机理模型库")
        MODELS_WRITE = "models:write", _("提交本平台或本服务商的机理模型")
        UPGRADES_READ = "upgrades:read", _("读取技改项目清单")
        PARKS_READ = "parks:read", _("读取园区与园区活动")
        CASES_READ = "cases:read", _("读取典型案例")
        FINANCE_READ = "finance:read", _("读取本银行产品及已授权企业的对接申请")
        FINANCE_WRITE = "finance:write", _("维护本银行产品并处理对接申请")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=80)
    prefix = models.CharField(_("前缀"), max_length=12, unique=True)
    token_hash = models.CharField(_("令牌哈希"), max_length=64, unique=True)
    scopes = models.JSONField(_("权限范围"), default=list)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
