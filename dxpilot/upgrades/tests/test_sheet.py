"""The 技改 sheet import and the list export (exchange): all or nothing, every bad row named."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from dxpilot.audit.models import AuditEntry
from dxpilot.exchange.models import ExportJob, ImportJob, JobStatus, ReportLine
from dxpilot.exchange.services import start_export, start_import
from dxpilot.exchange.tests.workbooks import upload, xlsx
from dxpilot.testing import World, client_for
from dxpilot.upgrades.models import UpgradeProject
from dxpilot.upgrades.tests.factories import HEADERS, make_project, sheet_row


def run(world: World, rows: list[list[Any]], actor: Any = None) -> ImportJob:
    content = xlsx(rows, headers=HEADERS, sheet_title="技改项目")
    return start_import(
        world.program, "upgrades", upload(content, "技改项目.xlsx"), actor=actor or world.officer_a
    )


def errors(job: ImportJob) -> list[tuple[int | None, str, str]]:
    lines = job.lines.filter(outcome=ReportLine.Outcome.ERROR).order_by("row", "pk")
    return [(line.row, line.column, line.message) for line in lines]


def test_a_clean_sheet_adds_and_updates_projects(world: World) -> None:
    existing = make_project(world, name="智能产线技改项目1", status="planned")
    job = run(world, [sheet_row(world.enterprise_a, 1), sheet_row(world.enterprise_a, 2)])
    assert job.status == JobStatus.DONE, errors(job)
    assert (job.created_count, job.updated_count) == (1, 1)
    existing.refresh_from_db()
    assert existing.status == "under_construction"
    assert existing.category == "intelligent"
    assert str(existing.equipment_investment) == "900.00"
    assert UpgradeProject.objects.count() == 2
    assert AuditEntry.objects.filter(action="upgrades.create").count() == 2  # make_project + row 2
    assert AuditEntry.objects.filter(action="upgrades.update").count() == 1
    assert AuditEntry.objects.filter(action="upgrades.import").count() == 1
    again = run(world, [sheet_row(world.enterprise_a, 1), sheet_row(world.enterprise_a, 2)])
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    assert AuditEntry.objects.filter(action="upgrades.update").count() == 1


def test_a_bad_sheet_names_every_row_field_and_reason_and_writes_nothing(world: World) -> None:
    a = world.enterprise_a
    job = run(
        world,
        [
            sheet_row(a, 1),  # fine
            sheet_row(a, 2, **{"设备投资（万元）": 2000}),  # above the total
            sheet_row(a, 3, **{"设备更新方向": "激光改造"}),  # unknown direction
            sheet_row(world.enterprise_b, 4),  # another district's enterprise
            sheet_row(a, 5, **{"项目状态": "已完工", "完工日期": "2025-10-01"}),  # completed later
            sheet_row(a, 6, **{"开工日期": "2025/13/01"}),  # not a date
            sheet_row(a, 1),  # duplicate of row 2
            sheet_row(a, 8, **{"总投资（万元）": "一千万"}),  # words
        ],
    )
    assert job.status == JobStatus.REJECTED
    found = errors(job)
    assert (3, "设备投资（万元）", "设备投资 2000.00 万元超过总投资 1500.00 万元。") in found
    assert any(r == 4 and c == "设备更新方向" and "收到“激光改造”" in m for r, c, m in found)
    assert (5, "统一社会信用代码", f"没有找到统一社会信用代码为“{world.enterprise_b.credit_code}”的企业，或该企业不在您的管辖范围内。") in found  # fmt: skip
    assert (6, "完工日期", "已完工项目的完工日期 2025-10-01 晚于今天。") in found
    assert (7, "开工日期", "“开工日期”的“2025/13/01”不是有效日期。") in found
    duplicate = "同一企业的项目“智能产线技改项目1”在第 2 行和第 8 行重复，每个项目只能出现一次。"
    assert (2, "项目名称", duplicate) in found and (8, "项目名称", duplicate) in found
    assert any(r == 9 and c == "总投资（万元）" and "收到“一千万”" in m for r, c, m in found)
    assert UpgradeProject.objects.count() == 0
    assert job.annotated  # the annotated copy for the officer to fix


def test_the_city_admin_imports_for_every_division_and_providers_cannot(world: World) -> None:
    job = run(world, [sheet_row(world.enterprise_b, 1)], actor=world.city_admin)
    assert job.status == JobStatus.DONE, errors(job)
    response = client_for(world.provider_user).get("/exchange/templates/upgrades.xlsx")
    assert response.status_code in (403, 404)


def test_the_template_has_the_columns_and_drop_downs(world: World) -> None:
    response = client_for(world.officer_a).get("/exchange/templates/upgrades.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    sheet = book["技改项目"]
    assert [c.value for c in sheet[1]][: len(HEADERS)] == HEADERS
    assert len(sheet.data_validations.dataValidation) == 2  # direction and status drop-downs
    lists = [c.value for row in book.worksheets[-1].iter_rows() for c in row]
    assert "智能化升级" in lists and "已完工" in lists


def test_the_export_holds_the_filtered_scope_and_is_audited(world: World) -> None:
    make_project(world)
    make_project(world, name="锅炉节能改造", category="energy")
    make_project(world, world.enterprise_b, name="乙区项目")
    job = start_export("upgrades", actor=world.officer_a, filters={"category": "energy"})
    assert job.status == "done" and job.rows_total == 1
    sheet = load_workbook(job.file.open("rb")).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("统一社会信用代码", "项目名称")
    assert rows[1][1] == "锅炉节能改造" and rows[1][4] == "节能降碳"
    assert len(rows) == 2
    assert AuditEntry.objects.filter(action="upgrades.export", kind="export").count() == 1
    everything = start_export("upgrades", actor=world.city_admin, filters={})
    assert everything.rows_total == 3
    assert ExportJob.objects.count() == 2
