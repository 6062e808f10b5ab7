"""Journey (issue 9.3): the city admin drills from a KPI and from a figure to the list behind it
and exports it; a district officer's dashboard and lists show only its divisions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import time_machine
from playwright.sync_api import Page, expect

from dxpilot.funding.tests.cases import ADMITTED, accepted_case, contracted_case
from dxpilot.testing import World

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def test_city_admin_drills_and_exports_district_officer_sees_its_own(
    world: World, page: Page, login: Login, url: Callable[[str], str], shot: Shot, tmp_path: Path
) -> None:
    # A: division 340104 (bob's), T0 一级 → T1 二级, accepted; B: division 340111, contract only.
    with time_machine.travel(ADMITTED, tick=False) as clock:
        a = accepted_case(world, clock, t1=2)
        b = contracted_case(world, clock, division=world.division_b.code, t0=0)

    login(page, "alice")
    page.goto(url("/"))
    expect(page.locator("h1")).to_have_text("市级工作台")
    expect(page.locator("#figure-funnel")).to_be_visible()
    expect(page.locator("#figure-breakdowns")).to_be_visible()
    expect(page.locator("#figure-migration")).to_be_visible()
    expect(page.locator("#figure-providers")).to_be_visible()
    expect(page.locator("#figure-alerts")).to_be_visible()
    expect(page.locator("#figure-funds")).to_be_visible()
    expect(page.locator("#timeline svg").first).to_be_visible()  # the ECharts KPI chart drew
    contracted = page.locator('#figure-funnel a[data-drill="stage=contracted"]')
    expect(contracted).to_have_text("2")
    shot(page, "dashboard-city")

    # From the KPI "数字化水平达到二级及以上的试点企业" to the pilots it counts.
    page.locator('a[data-kpi-drill="enterprises-l2"]').click()
    expect(page.locator("h1")).to_have_text("统计明细")
    expect(page.locator("[data-drill-count]")).to_have_text("1")
    expect(page.locator("table.list tbody")).to_contain_text(a.enterprise.name)
    shot(page, "dashboard-drill-kpi")

    # From the funnel to its list, then the Excel file of the same list.
    page.goto(url("/"))
    page.locator('#figure-funnel a[data-drill="stage=contracted"]').click()
    expect(page.locator("[data-drill-count]")).to_have_text("2")
    expect(page.locator(".filters-described")).to_contain_text("已备案合同")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出 Excel").click()
    saved = tmp_path / "drill.xlsx"
    download_info.value.save_as(saved)
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert {row[1] for row in rows[1:]} == {a.enterprise.name, b.enterprise.name}

    # The district officer of A's division: its divisions only, on the dashboard and in lists.
    page.context.clear_cookies()
    login(page, "bob")
    page.goto(url("/"))
    expect(page.locator("h1")).to_have_text("县区工作台")
    expect(page.locator('#figure-funnel a[data-drill="stage=contracted"]')).to_have_text("1")
    division_rows = page.locator("#figure-breakdowns section").first.locator("tbody tr")
    expect(division_rows).to_have_count(1)
    shot(page, "dashboard-district")
    page.locator('#figure-funnel a[data-drill="stage=contracted"]').click()
    expect(page.locator("[data-drill-count]")).to_have_text("1")
    expect(page.locator("table.list tbody")).to_contain_text(a.enterprise.name)
    expect(page.locator("table.list tbody")).not_to_contain_text(b.enterprise.name)
    page.goto(url(f"/dashboard/list/?division={world.division_b.pk}"))
    expect(page.locator("[role=alert]")).to_contain_text("超出您的数据范围")
    expect(page.locator("table.list")).to_have_count(0)
    shot(page, "dashboard-district-refused")
