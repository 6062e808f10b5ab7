"""Role-aware, grouped navigation."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from dxpilot.accounts.navigation import navigation_for
from dxpilot.testing import World


def labels(entries: list[dict[str, object]]) -> list[str]:
    out = []
    for entry in entries:
        out.append(str(entry["label"]))
        out += [str(link["label"]) for link in entry.get("links", [])]  # type: ignore[attr-defined]
    return out


def test_the_city_admin_gets_grouped_menus_with_the_admin_pages(world: World) -> None:
    entries = navigation_for(world.city_admin, "/")
    system = next(e for e in entries if str(e["label"]) == "系统")
    assert [str(link["label"]) for link in system["links"]] == [
        "国家平台报送",
        "试点方案",
        "审计日志",
        "接口令牌",
        "账号安全",
    ]  # type: ignore[index]
    assert "links" not in entries[0] and str(entries[0]["label"]) == "首页"


def test_a_group_with_one_link_is_a_plain_link(world: World) -> None:
    entries = navigation_for(world.assessor, "/")
    # The assessor's only assessment page is a plain link; a group holds two links or more.
    assert any(str(e["label"]) == "评测记录" and "links" not in e for e in entries), entries
    assert all(len(e["links"]) > 1 for e in entries if "links" in e), entries  # type: ignore[arg-type]
    assert "审计日志" not in labels(entries)


def test_only_the_most_specific_link_is_current(world: World) -> None:
    entries = navigation_for(world.city_admin, "/enterprises/applications/")
    group = next(e for e in entries if str(e["label"]) == "企业")
    current = [str(link["label"]) for link in group["links"] if link["active"]]  # type: ignore[index]
    assert current == ["申报审核"] and group["active"]


def test_the_public_sees_the_home_and_the_catalogue(db: None) -> None:
    assert labels(navigation_for(AnonymousUser(), "/")) == [
        "首页",
        "成果展示",
        "服务商与产品",
        "产品目录",
        "工业机理模型库",
        "政策文件",
        "数改贷",
    ]
