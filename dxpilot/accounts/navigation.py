"""Role-aware navigation: each role sees only the pages it may open, grouped by topic.

Labels carry the "nav" context: a menu says "Enterprises" where a column of the same Chinese word
says "Enterprise".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from dxpilot.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str]
    group: str | Promise = ""


ALL = frozenset(Role.values)
OFFICIALS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER})
PUBLIC = frozenset({"public"})

ENTERPRISES, ASSESSMENT, PROJECTS, SUPPLY, REPORTS, SYSTEM = (
    pgettext_lazy("nav", "企业"),
    pgettext_lazy("nav", "评测"),
    pgettext_lazy("nav", "项目"),
    pgettext_lazy("nav", "服务商与产品"),
    pgettext_lazy("nav", "通报与评价"),
    pgettext_lazy("nav", "系统"),
)

NAV = (
    NavItem(pgettext_lazy("nav", "首页"), "dashboard:home", ALL | PUBLIC),
    NavItem(pgettext_lazy("nav", "成果展示"), "showcase:home", ALL | PUBLIC),
    NavItem(pgettext_lazy("nav", "企业名录"), "enterprises:list", OFFICIALS, ENTERPRISES),
    NavItem(
        pgettext_lazy("nav", "本企业"),
        "enterprises:mine",
        frozenset({Role.ENTERPRISE}),
        ENTERPRISES,
    ),
    NavItem(
        pgettext_lazy("nav", "试点申报"),
        "enterprises:my-applications",
        frozenset({Role.ENTERPRISE}),
        ENTERPRISES,
    ),
    NavItem(pgettext_lazy("nav", "申报审核"), "enterprises:applications", OFFICIALS, ENTERPRISES),
    NavItem(
        pgettext_lazy("nav", "导入导出"), "exchange:home", OFFICIALS | {Role.PROVIDER}, ENTERPRISES
    ),
    NavItem(
        pgettext_lazy("nav", "评测记录"),
        "assessment:list",
        frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.ASSESSOR, Role.ENTERPRISE}),
        ASSESSMENT,
    ),
    NavItem(
        pgettext_lazy("nav", "等级分布"),
        "assessment:levels",
        frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER}),
        ASSESSMENT,
    ),
    NavItem(
        pgettext_lazy("nav", "转型项目"),
        "projects:list",
        OFFICIALS | {Role.ENTERPRISE, Role.PROVIDER},
        PROJECTS,
    ),
    NavItem(
        pgettext_lazy("nav", "验收"),
        "funding:acceptance-queue",
        frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.ASSESSOR}),
        PROJECTS,
    ),
    NavItem(
        pgettext_lazy("nav", "验收与奖补"),
        "funding:my-acceptance",
        frozenset({Role.ENTERPRISE}),
        PROJECTS,
    ),
    NavItem(pgettext_lazy("nav", "奖补"), "funding:subsidies", OFFICIALS, PROJECTS),
    NavItem(
        pgettext_lazy("nav", "技改项目清单"),
        "upgrades:list",
        OFFICIALS | {Role.ENTERPRISE},
        PROJECTS,
    ),
    NavItem(
        pgettext_lazy("nav", "拨付批次"),
        "funding:batches",
        frozenset({Role.FINANCE_OFFICER}),
        PROJECTS,
    ),
    NavItem(
        pgettext_lazy("nav", "风险提示"),
        "funding:flags",
        frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER}),
        PROJECTS,
    ),
    NavItem(pgettext_lazy("nav", "服务商"), "providers:list", OFFICIALS, SUPPLY),
    NavItem(pgettext_lazy("nav", "本服务商"), "providers:mine", frozenset({Role.PROVIDER}), SUPPLY),
    NavItem(
        pgettext_lazy("nav", "产品管理"),
        "providers:product-list",
        OFFICIALS | {Role.PROVIDER},
        SUPPLY,
    ),
    NavItem(pgettext_lazy("nav", "产品目录"), "catalogue:search", ALL | PUBLIC, SUPPLY),
    NavItem(pgettext_lazy("nav", "平台与上云"), "platforms:list", OFFICIALS, SUPPLY),
    NavItem(
        pgettext_lazy("nav", "平台与上云"), "platforms:mine", frozenset({Role.ENTERPRISE}), SUPPLY
    ),
    NavItem(pgettext_lazy("nav", "培训"), "training:home", OFFICIALS | {Role.ENTERPRISE}, SUPPLY),
    NavItem(pgettext_lazy("nav", "工业机理模型库"), "mechanisms:search", ALL | PUBLIC, SUPPLY),
    NavItem(
        pgettext_lazy("nav", "机理模型管理"),
        "mechanisms:manage",
        frozenset({Role.CITY_ADMIN, Role.PROVIDER}),
        SUPPLY,
    ),
    NavItem(pgettext_lazy("nav", "园区与活动"), "parks:list", OFFICIALS, SUPPLY),
    NavItem(
        pgettext_lazy("nav", "国家平台报送"),
        "national:home",
        frozenset({Role.CITY_ADMIN}),
        SYSTEM,
    ),
    NavItem(
        pgettext_lazy("nav", "定期通报"),
        "reporting:circulars",
        frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER}),
        REPORTS,
    ),
    NavItem(pgettext_lazy("nav", "绩效评价"), "reporting:evaluations", OFFICIALS, REPORTS),
    NavItem(pgettext_lazy("nav", "典型案例"), "cases:list", OFFICIALS, SUPPLY),
    NavItem(pgettext_lazy("nav", "政策文件"), "policies:list", ALL | PUBLIC, SUPPLY),
    NavItem(pgettext_lazy("nav", "数改贷"), "finance:products", ALL | PUBLIC, SUPPLY),
    NavItem(pgettext_lazy("nav", "试点方案"), "programs:detail", OFFICIALS, SYSTEM),
    NavItem(pgettext_lazy("nav", "审计日志"), "audit:list", frozenset({Role.CITY_ADMIN}), SYSTEM),
    NavItem(
        pgettext_lazy("nav", "接口令牌"), "accounts:tokens", frozenset({Role.CITY_ADMIN}), SYSTEM
    ),
    NavItem(pgettext_lazy("nav", "账号安全"), "accounts:security", ALL, SYSTEM),
)


def navigation_for(user: Any, path: str) -> list[dict[str, Any]]:
    """Entries for the header: links, or groups of links (a group with one link is a link)."""
    role = user.role if getattr(user, "is_authenticated", False) else "public"
    links = []
    for item in NAV:
        if role in item.roles:
            url = reverse(item.url_name)
            active = path == url if url == "/" else path.startswith(url)
            links.append({"label": item.label, "url": url, "active": active, "group": item.group})
    # Only the most specific match is current: /enterprises/applications/ is 申报审核, not 企业名录.
    matches = [link for link in links if link["active"]]
    if len(matches) > 1:
        current = max(matches, key=lambda m: len(str(m["url"])))
        for link in matches:
            link["active"] = link is current
    entries: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for link in links:
        if not link["group"]:
            entries.append(link)
            continue
        group = groups.get(str(link["group"]))
        if group is None:
            group = {"label": link["group"], "links": [], "active": False}
            groups[str(link["group"])] = group
            entries.append(group)
        group["links"].append(link)
        group["active"] = group["active"] or link["active"]
    return [
        entry["links"][0] if "links" in entry and len(entry["links"]) == 1 else entry
        for entry in entries
    ]
