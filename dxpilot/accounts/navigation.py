"""Role-aware navigation: each role sees only the pages it may open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dxpilot.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str]


ALL = frozenset(Role.values)
OFFICIALS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER})

NAV = (
    NavItem(_("首页"), "dashboard:home", ALL),
    NavItem(_("企业"), "enterprises:list", OFFICIALS),
    NavItem(_("本企业"), "enterprises:mine", frozenset({Role.ENTERPRISE})),
    NavItem(_("试点申报"), "enterprises:my-applications", frozenset({Role.ENTERPRISE})),
    NavItem(_("申报审核"), "enterprises:applications", OFFICIALS),
    NavItem(_("评测"), "assessment:list", frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.ASSESSOR, Role.ENTERPRISE})),
    NavItem(_("等级分布"), "assessment:levels", frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})),
    NavItem(_("转型项目"), "projects:list", OFFICIALS | {Role.ENTERPRISE, Role.PROVIDER}),
    NavItem(_("验收"), "projects:acceptance-queue", frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.ASSESSOR})),
    NavItem(_("验收与奖补"), "projects:my-acceptance", frozenset({Role.ENTERPRISE})),
    NavItem(_("奖补"), "projects:subsidies", OFFICIALS),
    NavItem(_("拨付批次"), "projects:batches", frozenset({Role.FINANCE_OFFICER})),
    NavItem(_("风险提示"), "projects:flags", frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})),
    NavItem(_("服务商"), "providers:list", OFFICIALS),
    NavItem(_("本服务商"), "providers:mine", frozenset({Role.PROVIDER})),
    NavItem(_("产品"), "providers:product-list", OFFICIALS | {Role.PROVIDER}),
    NavItem(_("产品目录"), "catalogue:search", ALL),
    NavItem(_("试点方案"), "programs:detail", OFFICIALS),
    NavItem(_("导入导出"), "exchange:home", OFFICIALS | {Role.PROVIDER}),
    NavItem(_("审计日志"), "audit:list", frozenset({Role.CITY_ADMIN})),
    NavItem(_("接口令牌"), "accounts:tokens", frozenset({Role.CITY_ADMIN})),
    NavItem(_("账号安全"), "accounts:security", ALL),
)


def navigation_for(user: Any, path: str) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for item in NAV:
        if user.role in item.roles:
            url = reverse(item.url_name)
            active = path == url if url == "/" else path.startswith(url)
            items.append({"label": item.label, "url": url, "active": active})
    # Only the most specific match is current: /enterprises/applications/ is 申报审核, not 企业.
    matches = [item for item in items if item["active"]]
    if len(matches) > 1:
        current = max(matches, key=lambda m: len(m["url"]))
        for item in matches:
            item["active"] = item is current
    return items
