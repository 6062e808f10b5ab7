"""Journeys for the 技改 list and the mechanism-model library: an official imports a 技改 sheet
with one bad row (refused, with the annotated report), fixes it and imports it, then filters and
exports the list; a visitor searches the model library by Chinese words and finds a model next to
a product of the same scene."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from dxpilot.exchange.tests.workbooks import xlsx
from dxpilot.mechanisms.tests.factories import listed
from dxpilot.providers.tests.factories import approved_provider, listed_product, open_windows
from dxpilot.testing import World, open_nav
from dxpilot.upgrades.models import UpgradeProject
from dxpilot.upgrades.tests.factories import HEADERS, sheet_row

pytestmark = pytest.mark.browser

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]


def upload(page: Page, path: Path) -> None:
    page.select_option("#id_kind", "upgrades")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.click("form.import-form button[type=submit]")


def test_an_official_imports_a_sheet_fixes_the_bad_row_and_exports_the_list(
    world: World, page: Page, login: Login, shot: Shot, tmp_path: Path
) -> None:
    a = world.enterprise_a
    login(page, "bob")
    open_nav(page, "/upgrades/")
    expect(page.locator("h1")).to_have_text("技改项目清单")
    page.click("a.button:has-text('导入')")
    expect(page.locator("h1")).to_have_text("数据导入导出")

    bad = tmp_path / "蜀山区技改项目.xlsx"
    rows = [sheet_row(a, 1), sheet_row(a, 2, **{"设备投资（万元）": 2500}), sheet_row(a, 3)]
    bad.write_bytes(xlsx(rows, headers=HEADERS, sheet_title="技改项目"))
    upload(page, bad)
    expect(page.locator(".summary-bad")).to_contain_text("文件有错误，未导入任何数据。")
    report = page.locator("table.report tbody")
    expect(report.locator("tr")).to_have_count(1)
    expect(report).to_contain_text("设备投资 2500.00 万元超过总投资 1500.00 万元。")
    expect(report.locator("tr").first).to_contain_text("3")  # the sheet's row number
    shot(page, "upgrades-import-refused")
    assert UpgradeProject.objects.count() == 0

    with page.expect_download() as download:
        page.click("text=下载标注了错误的 Excel 文件")
    annotated = tmp_path / "annotated.xlsx"
    download.value.save_as(annotated)
    sheet = load_workbook(annotated)["技改项目"]
    assert "超过总投资" in sheet.cell(3, len(HEADERS) + 1).value

    good = tmp_path / "蜀山区技改项目-修改后.xlsx"
    rows[1] = sheet_row(a, 2, **{"设备投资（万元）": 1200})
    good.write_bytes(xlsx(rows, headers=HEADERS, sheet_title="技改项目"))
    page.click("text=← 数据导入导出")
    upload(page, good)
    expect(page.locator(".summary-ok")).to_contain_text("导入成功。")
    assert UpgradeProject.objects.count() == 3

    open_nav(page, "/upgrades/")
    expect(page.locator("#upgrade-totals")).to_contain_text("共 3 个项目")
    page.select_option("#f-status", "under_construction")
    expect(page.locator("table.upgrade-rows tbody tr")).to_have_count(3)
    page.select_option("#f-category", "energy")
    expect(page.locator("table.upgrade-rows")).to_contain_text("没有符合条件的技改项目。")
    page.select_option("#f-category", "intelligent")
    expect(page.locator("#upgrade-totals")).to_contain_text("共 3 个项目")
    shot(page, "upgrades-list")
    with page.expect_download() as download:
        page.click("button:has-text('导出')")
    exported = tmp_path / "export.xlsx"
    download.value.save_as(exported)
    lines = list(load_workbook(exported).active.iter_rows(values_only=True))
    assert [line[1] for line in lines[1:]] == [f"智能产线技改项目{n}" for n in (1, 2, 3)]


def test_a_visitor_searches_the_library_and_sees_a_model_next_to_a_product(
    world: World, page: Page, url: Callable[[str], str], shot: Shot
) -> None:
    open_windows(world)
    _provider, seller = approved_provider(world)
    product = listed_product(world, seller)  # 设备管理, 能耗管理
    model = listed(world)  # 数控机床主轴健康度预测模型, 设备管理
    listed(world, name="注塑工艺参数优化模型", summary="按模具温度推荐工艺参数。",
           inputs="模具温度、注射压力", outputs="工艺参数", scenes=("工艺设计",))  # fmt: skip

    page.goto(url("/"))
    open_nav(page, "/models/")
    expect(page.locator("h1")).to_have_text("工业机理模型库")
    page.fill("#m-q", "预测性维护")
    page.press("#m-q", "Enter")
    results = page.locator("#model-results")
    expect(results.locator("article").first).to_contain_text("数控机床主轴健康度预测模型")
    expect(results.locator(".matched").first).to_contain_text("预测")
    shot(page, "models-search")
    results.locator(f"a[href='/models/{model.pk}/']").click()
    expect(page.locator("h1")).to_contain_text("数控机床主轴健康度预测模型")
    expect(page.locator("#model-use")).to_contain_text("登录后可以下载模型文件或调用接口。")

    page.goto(url(f"/catalogue/products/{product.pk}/"))
    panel = page.locator("#model-panel")
    expect(panel).to_contain_text("相同场景的工业机理模型")
    expect(panel).to_contain_text("数控机床主轴健康度预测模型")
    expect(panel).not_to_contain_text("注塑工艺参数优化模型")
    shot(page, "catalogue-product-with-models")
    panel.locator(f"a[href='/models/{model.pk}/']").click()
    expect(page.locator("h1")).to_contain_text("数控机床主轴健康度预测模型")
