"""Journey: a provider submits a product, the city reviews and lists it, and anyone then finds it
in the public catalogue by a Chinese query, sees why it matched and compares it (at most four)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from dxpilot.providers.models import Product
from dxpilot.providers.tests.factories import approved_provider, listed_product, open_windows
from dxpilot.testing import World, open_nav

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]


def mark_document(page: Page) -> None:
    page.evaluate("window.__noReload = true")


def still_same_document(page: Page) -> bool:
    return bool(page.evaluate("window.__noReload === true"))


def test_a_product_is_submitted_reviewed_listed_and_found_by_search(
    world: World, page: Page, login: Login, url: Callable[[str], str], shot: Shot
) -> None:
    open_windows(world)
    provider, user = approved_provider(
        world, "specialised", ("auto-parts",), username="zhilian", name="合肥智联数字科技有限公司"
    )
    for n, name in enumerate(("财务共享云", "协同办公平台", "能耗监测云", "仓储扫码套件")):
        listed_product(
            world,
            user,
            name=name,
            description="",
            summary=f"第{n}款。",
            scenes={"财务管理": 2},
            kind="cloud",
        )

    # The provider registers the product and submits it for review.
    login(page, "zhilian")
    open_nav(page, "/providers/products/")
    page.click("a[href='/providers/products/new/']")
    page.fill("#id_name", "注塑机数据采集盒")
    page.select_option("#id_kind", "data_devices")
    page.fill("#id_summary", "不改造机台，一天装好。")
    page.fill(
        "#id_description", "读取注塑设备的开模次数与温度；盒子插上网线即可联网，数据进入车间看板。"
    )
    page.check("input[name=segment_keys][value=auto-parts]")
    page.select_option("#id_deployment", "hybrid")
    page.fill("#id_price", "6800")
    page.select_option("#id_price_unit", "device")
    page.fill("#id_implementation_days", "3")
    page.fill("#id_sample_enterprise_name", "合肥某塑胶制品有限公司")
    page.fill("#id_sample_contract_date", "2024-03-18")
    page.select_option("#scenes tr:has-text('设备管理') select", "3")
    page.select_option("#scenes tr:has-text('生产管控') select", "2")
    shot(page, "product-form")
    with page.expect_navigation():
        page.click("form.card > button[type=submit]")
    expect(page.locator("h1")).to_contain_text("注塑机数据采集盒")
    with page.expect_navigation():
        page.click("#submit-product")
    expect(page.locator(".messages")).to_contain_text("已提交评审")
    product = Product.objects.get(name="注塑机数据采集盒")

    # The city admin reviews it (all three checks) and lists it.
    page.context.clear_cookies()
    login(page, "alice")
    page.goto(url("/providers/products/?status=submitted"))
    page.click(f"#product-rows a[href='/providers/products/{product.pk}/']")
    page.fill("#id_review-opinion", "材料齐全；现场演示采集正常；技术测试通过。")
    page.check("#id_review-paper_ok")
    page.check("#id_review-demo_ok")
    page.check("#id_review-test_ok")
    with page.expect_navigation():
        page.click("#review-pass")
    expect(page.locator(".messages")).to_contain_text("评审通过")
    with page.expect_navigation():
        page.click("#list-product")
    expect(page.locator("h1 + p .badge")).to_have_text("已上架")
    shot(page, "product-detail-listed")

    # Anyone finds it by a Chinese query and sees why it matched.
    page.context.clear_cookies()
    page.goto(url("/catalogue/"))
    mark_document(page)
    page.fill("input[name=q]", "设备联网")
    page.click(".search-bar button[type=submit]")
    card = page.locator(f"#product-{product.pk}")
    expect(card).to_contain_text("注塑机数据采集盒")
    expect(card.locator(".matched")).to_have_text("匹配：设备、联网")
    expect(page.locator("#result-count")).to_contain_text("按“设备、联网、设备联网”找到 1 个产品")
    assert still_same_document(page), "the search reloaded the page instead of swapping the results"
    assert "q=" in page.url
    shot(page, "catalogue-search")

    # Compare: four products fit, a fifth is refused with a clear message.
    page.fill("input[name=q]", "")
    page.click(".search-bar button[type=submit]")
    expect(page.locator(".product-card")).to_have_count(5)
    buttons = page.locator(".product-card .compare-add")
    for n in range(4):
        buttons.nth(n).click()
        expect(page.locator("#compare-tray")).to_contain_text(f"对比（{n + 1}/4）")
    buttons.nth(4).click()
    expect(page.locator("#compare-tray .tray-error")).to_have_text(
        "最多可同时对比 4 个产品，请先移除一个再添加。"
    )
    expect(page.locator("#compare-tray")).to_contain_text("对比（4/4）")
    assert still_same_document(page)
    shot(page, "catalogue-compare-full")
    page.click("#compare-tray a[href='/catalogue/compare/']")
    expect(page.locator(".compare-table thead th")).to_have_count(5)
    shot(page, "catalogue-compare-table")
    assert provider.pk
