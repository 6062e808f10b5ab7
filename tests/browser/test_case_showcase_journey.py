"""Issue 10 item 4 and issue 9 item 7: an official drafts a typical case from an accepted project
(its figures come from the project record), publishes it, and a visitor who is not logged in
finds it on the public showcase."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dxpilot.cases.models import Case, CaseStatus
from dxpilot.cases.tests.factories import accepted
from dxpilot.funding.tests.cases import SHANGHAI
from dxpilot.funding.tests.cases import clock as clock
from dxpilot.testing import World, open_nav

pytestmark = pytest.mark.browser

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]
TITLE = "汽车零部件企业设备联网与 MES 样板"


def test_an_official_publishes_a_case_and_a_visitor_sees_it(
    world: World, clock: Any, page: Page, login: Login, url: Callable[[str], str], shot: Shot
) -> None:
    project = accepted(world, clock, level=3)
    clock.move_to(datetime(2025, 8, 5, 10, tzinfo=SHANGHAI))

    login(page, "alice")
    open_nav(page, "/cases/")
    expect(page.locator("h1")).to_have_text("典型案例")
    page.click(f"a[href='/cases/new/{project.project.pk}/']")
    # The figures are the project's: shown, not typed.
    expect(page.locator(".figures")).to_contain_text("三级")
    expect(page.locator(".figures")).to_contain_text("100.00")
    page.select_option("#id_kind", "benchmark")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "设备联网、MES 与云 ERP 上线，改造后达到三级。")
    page.fill("#id_body", "企业完成 20 台设备联网，生产执行系统覆盖全部产线。")
    shot(page, "case-draft-form")
    with page.expect_navigation():
        page.click("#case-form button[type=submit]")
    expect(page.locator("h1")).to_have_text(TITLE)
    with page.expect_navigation():
        page.click("button:has-text('提交审核')")
    expect(page.locator(".badge").nth(1)).to_have_text("待审核")
    with page.expect_navigation():
        page.click("button:has-text('发布')")
    expect(page.locator("body")).to_contain_text("案例已发布")
    shot(page, "case-published")
    assert Case.objects.get().status == CaseStatus.PUBLISHED

    page.context.clear_cookies()
    page.goto(url("/"))
    with page.expect_navigation():
        page.click("a.button[href='/showcase/']")
    expect(page.locator("#cases")).to_contain_text(TITLE)
    expect(page.locator("#targets")).to_contain_text("数智化样板项目")
    shot(page, "showcase-home")
    with page.expect_navigation():
        page.click(f"#cases a:has-text('{TITLE}')")
    expect(page.locator("h1")).to_have_text(TITLE)
    figures = page.locator(".figures")
    expect(figures).to_contain_text("一级")
    expect(figures).to_contain_text("三级")
    body = page.locator("body").inner_text()
    assert project.enterprise.credit_code not in body and "600,000" not in body
    shot(page, "showcase-case")
