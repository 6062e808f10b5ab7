"""Issue 9 item 4: the city admin generates a circular, edits its lead paragraph, issues it and
downloads it; a district officer sees only the circulars of its divisions."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from dxpilot.reporting.services import generate_circular, issue_circular
from dxpilot.testing import World, open_nav

pytestmark = pytest.mark.browser

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]
NUMBER = re.compile(r"合数转通〔\d{4}〕\d+号")


def test_the_city_issues_a_circular_and_a_district_reads_its_own(
    world: World, page: Page, login: Login, url: Callable[[str], str], shot: Shot
) -> None:
    # A circular for 包河区 only, issued beforehand: 蜀山区's officer must not see it.
    other = issue_circular(
        generate_circular(
            world.program,
            period="2025-Q1",
            division_ids=[world.division_b.pk],
            actor=world.city_admin,
        ),
        actor=world.city_admin,
    )

    login(page, "alice")
    open_nav(page, "/reports/circulars/")
    expect(page.locator("h1")).to_have_text("定期通报")
    # A period that does not exist is refused on the form.
    page.fill("#id_period", "2025-Q5")
    page.click("#circular-form button[type=submit]")
    expect(page.locator("#circular-form")).to_contain_text(
        "“2025-Q5”不是有效的季度：季度应为 Q1 到 Q4。"
    )
    page.fill("#id_period", "2025-Q2")
    page.get_by_label("蜀山区").check()
    page.click("#circular-form button[type=submit]")
    expect(page.locator("h1")).to_have_text(
        "关于2025年第二季度合肥市中小企业数字化转型城市试点工作进展情况的通报"
    )
    expect(page.locator("#number")).to_have_text("（草稿，尚未印发，无文号）")
    expect(page.locator("#ranking")).to_contain_text("蜀山区")
    page.fill("#id_lead", "二季度全市试点工作稳步推进，现将进展情况通报如下。")
    page.click("#lead-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("导语已保存。")
    page.click("#issue-form button[type=submit]")
    expect(page.locator("#number")).to_have_text(NUMBER)
    number = page.locator("#number").inner_text()
    expect(page.locator("#lead")).to_contain_text("二季度全市试点工作稳步推进")
    expect(page.locator("#lead-form")).to_have_count(0)
    shot(page, "circular-issued")
    with page.expect_download() as info:
        page.click("a[data-download=docx]")
    download = info.value
    assert download.suggested_filename == f"{number}.docx"
    document = Document(str(download.path()))
    paragraphs = [p.text for p in document.paragraphs]
    assert number in paragraphs
    assert "二季度全市试点工作稳步推进，现将进展情况通报如下。" in paragraphs

    page.context.clear_cookies()
    login(page, "bob")
    open_nav(page, "/reports/circulars/")
    expect(page.locator("#circulars")).to_contain_text(number)
    expect(page.locator("#circulars")).not_to_contain_text(other.number)
    expect(page.locator("#circular-form")).to_have_count(0)
    page.click(f"#circulars a:has-text('{number}')")
    expect(page.locator("#number")).to_have_text(number)
    shot(page, "circular-district")
    with page.expect_download() as info:
        page.click("a[data-download=xlsx]")
    assert info.value.suggested_filename == f"{number}.xlsx"
