"""Journey 1: each persona logs in and lands on its own home page with role-aware navigation.
Also the public home, the language switch (journey 5) and the friendly 404 (journey 7)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from dxpilot.testing import World, open_nav

pytestmark = pytest.mark.browser

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]

ADMIN_ONLY = ("审计日志", "接口令牌")


def nav_labels(page: Page) -> list[str]:
    texts = page.locator(
        ".site-header .site-nav a, .site-header .site-nav summary"
    ).all_text_contents()
    return [text.strip() for text in texts if text.strip()]


@pytest.mark.parametrize(
    ("username", "heading", "nav_has", "nav_lacks"),
    [
        ("alice", "市级工作台", ("首页", "企业", "试点方案", *ADMIN_ONLY), ("本企业",)),
        ("bob", "县区工作台", ("首页", "企业", "试点方案"), (*ADMIN_ONLY, "本企业")),
        ("frank", "资金工作台", ("首页", "企业"), ADMIN_ONLY),
        ("ann", "评测专家工作台", ("首页", "账号安全"), ("企业", *ADMIN_ONLY)),
        ("eve", "测试企业", ("首页", "本企业"), ("企业名录", "试点方案", *ADMIN_ONLY)),
        ("pete", "测试数字科技有限公司", ("首页", "账号安全"), ("企业", *ADMIN_ONLY)),
    ],
)
def test_each_persona_sees_its_own_home_and_navigation(
    world: World,
    page: Page,
    login: Login,
    shot: Shot,
    username: str,
    heading: str,
    nav_has: tuple[str, ...],
    nav_lacks: tuple[str, ...],
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, username)
    expect(page.locator("h1")).to_contain_text(heading)
    labels = nav_labels(page)
    assert set(nav_has) <= set(labels), labels
    assert not set(nav_lacks) & set(labels), labels
    expect(page.locator(".header-tools .who")).to_be_visible()
    if username in ("alice", "bob"):
        # ECharts renders with the SVG renderer inside each .chart element.
        # The dashboard's figures arrive one after another (HTMX); the last one is the funds.
        expect(page.locator("#figure-funds .chart svg")).to_be_visible()
        # The KPI chart, six breakdowns, the funnel and the funds: each drawn.
        assert page.locator(".chart").count() == page.locator(".chart svg").count() == 9
        expect(page.locator(".stat .value").first).to_have_text("2" if username == "alice" else "1")
    shot(page, f"home-{username}")
    assert errors == []


def test_anonymous_visitor_sees_the_public_showcase(
    world: World, page: Page, url: Callable[[str], str], shot: Shot
) -> None:
    page.goto(url("/"))
    expect(page.locator("h1")).to_contain_text("合肥")
    # The public sees the showcase, the catalogue and the public services (policies, loans).
    assert nav_labels(page) == [
        "首页",
        "成果展示",
        "服务商与产品",
        "产品目录",
        "工业机理模型库",
        "政策文件",
        "数改贷",
    ]
    expect(page.locator(".header-tools")).to_contain_text("登录")
    shot(page, "home-public")
    page.goto(url("/accounts/login/"))
    expect(page.locator("h1")).to_have_text("登录")
    expect(page.locator("label[for=id_username]")).to_be_visible()
    shot(page, "login")


def test_language_switch_to_english_and_back(
    world: World, page: Page, login: Login, shot: Shot
) -> None:
    login(page, "bob")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    # The select posts to /i18n/setlang/, which redirects back: wait for the page it lands on.
    page.select_option("#language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.locator("#language-select").input_value() == "en"
    shot(page, "home-bob-english")
    # The choice sticks across pages (cookie), not only on the page where it was made.
    open_nav(page, "/enterprises/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.select_option("#language-select", "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_have_text("企业名录")


def test_unknown_or_out_of_scope_enterprise_shows_the_friendly_404(
    world: World, page: Page, login: Login, url: Callable[[str], str], shot: Shot
) -> None:
    login(page, "bob")
    response = page.goto(url("/enterprises/999999/"))
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("没有找到您要的内容")
    expect(page.locator(".error-page")).to_contain_text("请从导航重新进入")
    expect(page.locator(".error-page a")).to_have_attribute("href", "/")
    shot(page, "error-404")
    # Another division's enterprise looks exactly the same: ids reveal nothing.
    response = page.goto(url(f"/enterprises/{world.enterprise_b.pk}/"))
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("没有找到您要的内容")
