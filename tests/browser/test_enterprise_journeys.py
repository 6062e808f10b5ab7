"""Journeys 2 and 3: a district officer works with the enterprises of their division."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.services import register_enterprise
from dxpilot.testing import World, enterprise_data, open_nav, valid_code

pytestmark = pytest.mark.browser

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]


def mark_document(page: Page) -> None:
    """A flag on window survives HTMX swaps but not a full page load."""
    page.evaluate("window.__noReload = true")


def still_same_document(page: Page) -> bool:
    return bool(page.evaluate("window.__noReload === true"))


def test_officer_filters_reveals_contacts_and_the_city_admin_sees_the_read(
    world: World, page: Page, login: Login, url: Callable[[str], str], shot: Shot
) -> None:
    pilot = register_enterprise(
        world.program,
        enterprise_data(
            valid_code("91340104MA2TEQ003"),
            "340104",
            name="合肥试点样板制造有限公司",
            is_pilot=True,
        ),
        actor=world.city_admin,
    )
    login(page, "bob")
    open_nav(page, "/enterprises/")
    expect(page.locator("h1")).to_have_text("企业名录")
    rows = page.locator("#enterprise-rows tbody tr")
    # Only bob's division: enterprise_a and the pilot, never division B's enterprise_b.
    expect(rows).to_have_count(2)
    expect(page.locator("#enterprise-rows")).not_to_contain_text(world.enterprise_b.name)
    shot(page, "enterprise-list")

    mark_document(page)
    with page.expect_response(
        lambda r: "pilot=1" in r.url and r.request.headers.get("hx-request") == "true"
    ):
        page.select_option("#f-pilot", "1")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("合肥试点样板制造有限公司")
    expect(page.locator("#enterprise-rows .muted").first).to_contain_text("共 1 家企业")
    assert still_same_document(page), "the filter reloaded the page instead of swapping the rows"
    assert "pilot=1" in page.url  # hx-push-url keeps the filter bookmarkable

    page.click(f"#enterprise-rows a[href='/enterprises/{pilot.pk}/']")
    expect(page.locator("h1")).to_have_text("合肥试点样板制造有限公司")
    contacts = page.locator("#contacts")
    expect(contacts).not_to_contain_text("13812345678")  # masked until revealed
    expect(contacts).to_contain_text("5678")
    mark_document(page)
    page.click("#contacts button[type=submit]")
    expect(contacts).to_contain_text("13812345678")
    expect(contacts).to_contain_text("zhangwei@example.cn")
    expect(contacts).to_contain_text("本次查看已记入审计日志")
    assert still_same_document(page), "revealing contacts reloaded the page"
    shot(page, "enterprise-detail-revealed")

    page.context.clear_cookies()
    login(page, "alice")
    open_nav(page, "/audit/")
    expect(page.locator("h1")).to_have_text("审计日志")
    mark_document(page)
    page.fill("#id_q", "reveal_contacts")
    page.click("form.filters button[type=submit]")
    audit_rows = page.locator("#audit-rows tbody tr")
    expect(audit_rows).to_have_count(1)
    expect(audit_rows.first).to_contain_text("enterprise.reveal_contacts")
    expect(audit_rows.first).to_contain_text("bob")
    expect(audit_rows.first).to_contain_text("合肥试点样板制造有限公司")
    assert still_same_document(page)
    shot(page, "audit-list")


def test_officer_registers_an_enterprise_after_fixing_the_check_digit(
    world: World, page: Page, login: Login, shot: Shot
) -> None:
    good = valid_code("91340104MA2TEQ009")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    before = Enterprise.objects.count()
    login(page, "bob")
    open_nav(page, "/enterprises/")
    page.click("a[href='/enterprises/new/']")
    expect(page.locator("h1")).to_have_text("登记企业")
    page.fill("#id_credit_code", wrong)
    page.fill("#id_name", "合肥浏览器测试科技有限公司")
    page.select_option("#id_division_code", "340104")
    page.fill("#id_industry_code", "3670")
    page.fill("#id_employees", "80")
    page.fill("#id_revenue", "3000")
    page.fill("#id_contact_phone", "13900001111")
    page.click("form.card button[type=submit]")

    field = page.locator(".field", has=page.locator("#id_credit_code"))
    expect(field).to_have_class("field field-invalid")
    expect(field.locator(".error")).to_have_text(f"统一社会信用代码“{wrong}”的校验位不正确。")
    # The typed values survive the round trip; nothing was written.
    expect(page.locator("#id_name")).to_have_value("合肥浏览器测试科技有限公司")
    assert Enterprise.objects.count() == before
    shot(page, "enterprise-form-error")

    page.fill("#id_credit_code", good)
    page.click("form.card button[type=submit]")
    expect(page.locator("h1")).to_have_text("合肥浏览器测试科技有限公司")
    expect(page.locator(".messages")).to_contain_text("已登记企业 合肥浏览器测试科技有限公司")
    expect(page.locator("dl.facts").first).to_contain_text(good)
    saved = Enterprise.objects.get(credit_code=good)
    assert page.url.endswith(f"/enterprises/{saved.pk}/")
    assert saved.division.code == "340104"
