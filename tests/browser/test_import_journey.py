"""A district officer imports an enterprise list: a file with errors is refused with a report and
an annotated copy, the corrected file imports; the list page exports what the officer sees."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from dxpilot.enterprises.models import Enterprise
from dxpilot.exchange.tests.workbooks import HEADERS, code, row, xlsx
from dxpilot.testing import World, open_nav

pytestmark = pytest.mark.browser

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]


def bad_check_digit(n: int) -> str:
    good = code(n)
    return good[:-1] + ("1" if good[-1] != "1" else "2")


def test_officer_gets_a_report_for_a_bad_file_then_imports_the_corrected_one(
    world: World, page: Page, login: Login, shot: Shot, tmp_path: Path
) -> None:
    before = Enterprise.objects.count()
    login(page, "bob")
    open_nav(page, "/exchange/")
    expect(page.locator("h1")).to_have_text("数据导入导出")
    shot(page, "import-home")

    bad = tmp_path / "蜀山区企业名单.xlsx"
    bad.write_bytes(
        xlsx(
            [
                row(1),
                row(2, **{"营业收入（万元）": "五百万"}),
                row(3, division="包河区"),
                row(4, **{"统一社会信用代码": bad_check_digit(4)}),
            ]
        )
    )
    page.set_input_files("#id_file", str(bad))
    with page.expect_navigation():
        page.click("form.import-form button[type=submit]")
    expect(page.locator(".summary-bad")).to_contain_text("文件有错误，未导入任何数据。")
    report = page.locator("table.report tbody")
    expect(report).to_contain_text("收到“五百万”")
    expect(report).to_contain_text("您无权导入“包河区”的企业")
    expect(report).to_contain_text("的校验位不正确")
    expect(report.locator("tr")).to_have_count(3)
    shot(page, "import-report-errors")
    assert Enterprise.objects.count() == before

    with page.expect_download() as download:
        page.click("text=下载标注了错误的 Excel 文件")
    annotated = tmp_path / "annotated.xlsx"
    download.value.save_as(annotated)
    sheet = load_workbook(annotated)["企业名录"]
    error_column = len(HEADERS) + 1
    assert sheet.cell(1, error_column).value == "错误说明"
    assert sheet.cell(2, error_column).value is None
    assert "五百万" in sheet.cell(3, error_column).value
    assert sheet.cell(3, HEADERS.index("营业收入（万元）") + 1).comment is not None

    good = tmp_path / "蜀山区企业名单-修改后.xlsx"
    good.write_bytes(xlsx([row(1), row(2), [None] * len(HEADERS), row(4)]))
    page.click("text=← 数据导入导出")
    page.set_input_files("#id_file", str(good))
    with page.expect_navigation():
        page.click("form.import-form button[type=submit]")
    expect(page.locator(".summary-ok")).to_contain_text("导入成功。")
    expect(page.locator(".summary-ok")).to_contain_text(
        "新增 3 家，更新 0 家，无变化 0 家，跳过空行 1 行。"
    )
    expect(page.locator("table.report")).to_contain_text("第 4 行是空行，已跳过。")
    page.click("text=逐行结果（新增/更新）")
    expect(page.locator("table.report tbody tr")).to_have_count(3)
    shot(page, "import-report-done")
    assert Enterprise.objects.count() == before + 3

    page.goto(page.url.split("/exchange/")[0] + "/exchange/")
    expect(page.locator("table").last).to_contain_text("蜀山区企业名单-修改后.xlsx")
    shot(page, "import-history")


def test_the_enterprise_list_exports_what_the_officer_sees(
    world: World, page: Page, login: Login, tmp_path: Path
) -> None:
    login(page, "bob")
    open_nav(page, "/enterprises/")
    with page.expect_download() as download:
        page.click("button:has-text('导出')")
    path = tmp_path / "export.xlsx"
    download.value.save_as(path)
    assert download.value.suggested_filename.startswith("企业名录-")
    lines = list(load_workbook(path).active.iter_rows(values_only=True))
    assert [line[0] for line in lines[1:]] == [world.enterprise_a.credit_code]


def test_a_running_import_shows_progress_and_the_report_when_it_finishes(
    world: World, page: Page, login: Login, url: Callable[[str], str], shot: Shot
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dxpilot.exchange.models import ImportJob
    from dxpilot.exchange.services import start_import

    job = start_import(
        world.program,
        "enterprises",
        SimpleUploadedFile("大文件.xlsx", xlsx([row(1)])),
        actor=world.officer_a,
    )
    # As a worker leaves it mid-way through a large file.
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", phase="checking", rows_done=4200, rows_total=10000, finished_at=None
    )
    login(page, "bob")
    page.goto(url(f"/exchange/import/{job.pk}/"))
    expect(page.locator("#job-progress")).to_contain_text("逐行校验：4200 / 10000 行")
    shot(page, "import-progress")
    ImportJob.objects.filter(pk=job.pk).update(rows_done=9000)
    expect(page.locator("#job-progress")).to_contain_text("9000 / 10000 行")
    ImportJob.objects.filter(pk=job.pk).update(status="done")
    expect(page.locator(".summary-ok")).to_contain_text("导入成功。", timeout=5000)
