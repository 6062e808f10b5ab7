"""Importing enterprise lists: every row checked, all or nothing, a report per row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from dxpilot.audit.models import AuditEntry
from dxpilot.audit.selectors import verify_chain
from dxpilot.enterprises.models import Enterprise
from dxpilot.exchange.models import ImportJob, JobStatus, ReportLine
from dxpilot.exchange.services import start_import
from dxpilot.exchange.tests.workbooks import HEADERS, code, row, upload, xlsx
from dxpilot.testing import World

pytestmark = pytest.mark.django_db


def run(world: World, content: bytes, *, actor: Any = None) -> ImportJob:
    return start_import(
        world.program, "enterprises", upload(content), actor=actor or world.officer_a
    )


def errors(job: ImportJob) -> list[tuple[int | None, str, str]]:
    lines = job.lines.filter(outcome=ReportLine.Outcome.ERROR).order_by("row", "pk")
    return [(line.row, line.column, line.message) for line in lines]


class TestCleanImport:
    def test_it_creates_every_row_and_reports_each(self, world: World) -> None:
        before = Enterprise.objects.count()
        job = run(world, xlsx([row(1), row(2), row(3)]))
        assert job.status == JobStatus.DONE, errors(job)
        assert (job.created_count, job.updated_count, job.error_count) == (3, 0, 0)
        assert Enterprise.objects.count() == before + 3
        created = Enterprise.objects.get(credit_code=code(1))
        assert created.division == world.division_a
        assert created.employees == 81
        assert str(created.revenue) == "3000.50"
        assert created.contact_phone == "13900001111"
        assert created.founded_on.isoformat() == "2015-06-01"
        assert list(job.lines.filter(outcome="created").values_list("row", flat=True)) == [2, 3, 4]

    def test_an_existing_credit_code_is_updated_not_doubled(self, world: World) -> None:
        existing = world.enterprise_a
        changed = row(
            9,
            **{
                "统一社会信用代码": existing.credit_code,
                "企业名称": existing.name,
                "从业人员（人）": 321,
            },
        )
        job = run(world, xlsx([changed, row(1)]))
        assert job.status == JobStatus.DONE, errors(job)
        assert (job.created_count, job.updated_count) == (1, 1)
        assert Enterprise.objects.filter(credit_code=existing.credit_code).count() == 1
        existing.refresh_from_db()
        assert existing.employees == 321
        outcomes = dict(job.lines.exclude(row=None).values_list("row", "outcome"))
        assert outcomes == {2: "updated", 3: "created"}

    def test_importing_the_same_file_twice_reports_rows_unchanged(self, world: World) -> None:
        content = xlsx([row(1), row(2)])
        run(world, content)
        again = run(world, content)
        assert again.status == JobStatus.DONE
        assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
        assert Enterprise.objects.filter(credit_code__in=[code(1), code(2)]).count() == 2

    def test_blank_cells_keep_the_existing_values_on_update(self, world: World) -> None:
        existing = world.enterprise_a
        sparse = [
            existing.credit_code,
            existing.name,
            "蜀山区",
            None,
            "3670",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ]
        job = run(world, xlsx([sparse]))
        assert job.status == JobStatus.DONE, errors(job)
        existing.refresh_from_db()
        assert existing.contact_phone == "13812345678"
        assert existing.employees == 120

    def test_audit_has_one_entry_per_enterprise_and_the_chain_holds(self, world: World) -> None:
        job = run(world, xlsx([row(1), row(2)]))
        registered = AuditEntry.objects.filter(
            action="enterprise.register",
            object_id__in=[
                str(pk)
                for pk in Enterprise.objects.filter(credit_code__in=[code(1), code(2)]).values_list(
                    "pk", flat=True
                )
            ],
        )
        assert registered.count() == 2
        assert "（已加密，不记录明文）" in str(registered.first().changes["contact_phone"])
        summary = AuditEntry.objects.get(action="enterprises.import", object_id=str(job.pk))
        assert summary.changes["created"] == 2
        assert summary.actor_id == world.officer_a.pk
        assert verify_chain().ok

    def test_a_title_row_reordered_columns_and_aliases_are_understood(self, world: World) -> None:
        headers = [
            "企业名称",
            "社会信用代码",
            "所属区县",
            "国民经济行业代码",
            "从业人数",
            "营业收入",
            "备注",
        ]
        content = xlsx(
            [["甲公司", code(1), "340104 蜀山区", "3670 汽车零部件及配件制造", 10, "1,200.5", "x"]],
            headers=headers,
            title_rows=[["蜀山区2024年企业名单"]],
            merge=["A1:G1"],
        )
        job = run(world, content)
        assert job.status == JobStatus.DONE, errors(job)
        assert job.lines.filter(outcome="notice", message__contains="备注").exists()
        created = Enterprise.objects.get(credit_code=code(1))
        assert str(created.revenue) == "1200.50"


class TestAllOrNothing:
    def test_one_bad_row_writes_nothing(self, world: World) -> None:
        before = (Enterprise.objects.count(), AuditEntry.objects.count())
        bad = row(3, **{"统一社会信用代码": code(3)[:-1] + ("0" if code(3)[-1] != "0" else "1")})
        job = run(world, xlsx([row(1), row(2), bad]))
        assert job.status == JobStatus.REJECTED
        assert (Enterprise.objects.count(), AuditEntry.objects.count()) == before
        assert errors(job) == [
            (4, "统一社会信用代码", f"统一社会信用代码“{bad[0]}”的校验位不正确。")
        ]
        assert job.created_count == 0

    def test_every_error_of_every_row_is_reported(self, world: World) -> None:
        before = Enterprise.objects.count()
        rows = [
            row(1, **{"行政区划": "火星区"}),
            row(2, **{"行业代码": "9999"}),
            row(3, **{"营业收入（万元）": "五百万"}),
            row(4, **{"成立日期": "05/01/2020", "规上": "也许"}),
            row(5, **{"企业性质": "个体"}),
            row(6, **{"联系电话": "138****5678"}),
        ]
        job = run(world, xlsx(rows))
        assert job.status == JobStatus.REJECTED
        assert Enterprise.objects.count() == before
        assert errors(job) == [
            (2, "行政区划", "行政区划代码“火星区”不在本试点方案中。"),
            (3, "行业代码", "行业代码“9999”不是已登记的4位行业小类。"),
            (
                4,
                "营业收入（万元）",
                "“营业收入（万元）”应为数字（单位：万元，例如 500 或 1234.56），收到“五百万”。",
            ),
            (5, "规上", "“规上”应填写“是”或“否”，收到“也许”。"),
            (
                5,
                "成立日期",
                "“成立日期”的“05/01/2020”无法识别为日期，请填写如 2020-01-05 或 2020年1月5日。",
            ),
            (
                6,
                "企业性质",
                "“企业性质”应为以下之一：国有、民营、外资、混合所有制、其他；收到“个体”。",
            ),
            (
                7,
                "联系电话",
                "“联系电话”的值“138****5678”是脱敏后的内容（含 *），请填写完整信息或留空。",
            ),
        ]
        assert job.error_count == 7

    def test_dates_in_the_accepted_formats_are_read(self, world: World) -> None:
        rows = [
            row(1, **{"成立日期": "2019/3/7"}),
            row(2, **{"成立日期": "2019年3月7日"}),
            row(3, **{"成立日期": 20190307}),
        ]
        job = run(world, xlsx(rows))
        assert job.status == JobStatus.DONE, errors(job)
        dates = set(
            Enterprise.objects.filter(credit_code__in=[code(1), code(2), code(3)]).values_list(
                "founded_on", flat=True
            )
        )
        assert [d.isoformat() for d in dates] == ["2019-03-07"]

    def test_duplicates_within_the_file_name_both_rows(self, world: World) -> None:
        job = run(world, xlsx([row(1), row(2), row(1, **{"企业名称": "重复公司"})]))
        assert job.status == JobStatus.REJECTED
        message = f"统一社会信用代码“{code(1)}”在第 2 行和第 4 行重复，同一条记录只能出现一次。"
        assert errors(job) == [(2, "统一社会信用代码", message), (4, "统一社会信用代码", message)]

    def test_a_new_enterprise_needs_its_required_cells(self, world: World) -> None:
        job = run(world, xlsx([row(1, **{"从业人员（人）": None, "企业名称": None})]))
        assert errors(job) == [
            (2, "企业名称", "新增企业必须填写“企业名称”。"),
            (2, "从业人员（人）", "新增企业必须填写“从业人员（人）”。"),
        ]


class TestScope:
    def test_an_officer_cannot_import_another_divisions_enterprise(self, world: World) -> None:
        before = Enterprise.objects.count()
        job = run(world, xlsx([row(1), row(2, division="包河区")]), actor=world.officer_a)
        assert job.status == JobStatus.REJECTED
        assert Enterprise.objects.count() == before
        assert errors(job) == [(3, "行政区划", "您无权导入“包河区”的企业，只能导入本辖区的企业。")]

    def test_an_officer_cannot_update_an_enterprise_registered_elsewhere(
        self, world: World
    ) -> None:
        theirs = world.enterprise_b
        job = run(
            world, xlsx([row(1, **{"统一社会信用代码": theirs.credit_code})]), actor=world.officer_a
        )
        assert errors(job) == [
            (
                2,
                "统一社会信用代码",
                f"统一社会信用代码“{theirs.credit_code}”无法由您登记或更新；如该企业属于您的辖区，请联系市级管理员核实。",
            )
        ]
        theirs.refresh_from_db()
        assert theirs.employees == 120

    def test_the_city_admin_imports_any_division(self, world: World) -> None:
        job = run(world, xlsx([row(1), row(2, division="包河区")]), actor=world.city_admin)
        assert job.status == JobStatus.DONE, errors(job)

    def test_roles_that_do_not_edit_enterprises_are_refused(self, world: World) -> None:
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            run(world, xlsx([row(1)]), actor=world.finance)
        assert not ImportJob.objects.exists()


class TestAwkwardSheets:
    def test_formulas_are_refused_cell_by_cell(self, world: World) -> None:
        before = Enterprise.objects.count()
        job = run(world, xlsx([row(1, **{"营业收入（万元）": "=J2*10"})]))
        assert job.status == JobStatus.REJECTED
        assert Enterprise.objects.count() == before
        [(number, column, message)] = errors(job)
        assert (number, column) == (2, "营业收入（万元）")
        assert "是公式“=J2*10”" in message

    def test_merged_cells_in_the_data_are_refused(self, world: World) -> None:
        job = run(world, xlsx([row(1), row(2), row(3)], merge=["C2:C4"]))
        assert job.status == JobStatus.REJECTED
        merged = [e for e in errors(job) if "合并单元格 C2:C4" in e[2]]
        assert [e[0] for e in merged] == [2, 3, 4]

    def test_empty_rows_between_data_are_skipped_and_reported(self, world: World) -> None:
        blank = [None] * len(HEADERS)
        job = run(world, xlsx([row(1), blank, blank, row(2), blank, blank, blank]))
        assert job.status == JobStatus.DONE, errors(job)
        assert job.created_count == 2
        assert job.skipped_count == 2
        skipped = list(job.lines.filter(outcome="skipped").values_list("message", flat=True))
        assert skipped == ["第 3–4 行是空行，已跳过。"]

    def test_a_sheet_without_the_header_is_refused_as_a_whole(self, world: World) -> None:
        job = run(world, xlsx([["a", "b"]], headers=["名称", "代码"]))
        assert job.status == JobStatus.REJECTED
        assert errors(job) == [
            (
                None,
                "",
                "前 10 行中找不到表头（应有“统一社会信用代码”等列名），请使用下载的模板填写。",
            )
        ]

    def test_missing_required_columns_are_named(self, world: World) -> None:
        job = run(world, xlsx([[code(1), "甲公司"]], headers=["统一社会信用代码", "企业名称"]))
        [(_row, _column, message)] = errors(job)
        assert (
            message
            == "缺少必需的列：行政区划、行业代码、从业人员（人）、营业收入（万元）。请使用下载的模板填写。"
        )

    @override_settings(DXPILOT_IMPORT_MAX_ROWS=3)
    def test_too_many_rows_refuse_the_file(self, world: World) -> None:
        before = Enterprise.objects.count()
        job = run(world, xlsx([row(n) for n in range(1, 5)]))
        assert errors(job) == [(None, "", "数据超过 3 行的上限，请拆分为多个文件分批导入。")]
        assert Enterprise.objects.count() == before


class TestAnnotatedFile:
    def test_the_users_file_comes_back_with_errors_marked(self, world: World) -> None:
        job = run(
            world, xlsx([row(1), row(2, **{"营业收入（万元）": "五百万", "行政区划": "包河区"})])
        )
        assert job.annotated
        with job.annotated.open("rb") as f:
            workbook = load_workbook(f)
        summary, sheet = workbook["错误报告"], workbook["企业名录"]
        error_column = len(HEADERS) + 1
        assert sheet.cell(1, error_column).value == "错误说明"
        assert sheet.cell(2, error_column).value is None
        assert "五百万" in sheet.cell(3, error_column).value
        revenue = sheet.cell(3, HEADERS.index("营业收入（万元）") + 1)
        assert revenue.value == "五百万"
        assert revenue.fill.fgColor.rgb.endswith("FFC7CE")
        assert "应为数字" in revenue.comment.text
        assert [c.value for c in summary[2]][:3] == [3, "营业收入（万元）", "五百万"]

    def test_a_formula_in_the_report_is_written_as_text(self, world: World) -> None:
        job = run(
            world,
            xlsx([row(1, **{"企业名称": '=HYPERLINK("http://x")', "营业收入（万元）": "=1+1"})]),
        )
        with job.annotated.open("rb") as f:
            summary = load_workbook(f)["错误报告"]
        assert all(cell.data_type != "f" for line in summary.iter_rows() for cell in line)


class TestBackgroundJobs:
    @override_settings(DXPILOT_IMPORT_INLINE_BYTES=0)
    def test_a_large_file_runs_as_a_task_through_the_same_code(self, world: World) -> None:
        job = run(world, xlsx([row(1), row(2)]))
        assert job.task_id  # enqueued; the test settings' ImmediateBackend ran it at once
        assert job.status == JobStatus.DONE
        assert job.created_count == 2

    def test_running_a_finished_job_again_does_nothing(self, world: World) -> None:
        from dxpilot.exchange.runners import run_import

        job = run(world, xlsx([row(1)]))
        run_import(job.pk)
        assert Enterprise.objects.filter(credit_code=code(1)).count() == 1
        assert job.lines.filter(outcome="created").count() == 1

    def test_data_changed_after_the_check_refuses_the_write(
        self, world: World, tmp_path: Path
    ) -> None:
        from django.db import transaction

        from dxpilot.enterprises.services import register_enterprise
        from dxpilot.exchange.importers.base import StaleDataError
        from dxpilot.exchange.importers.enterprises import EnterpriseImporter
        from dxpilot.testing import enterprise_data

        importer = EnterpriseImporter(world.program, world.officer_a)
        path = tmp_path / "file.xlsx"
        path.write_bytes(xlsx([row(1)]))
        result = importer.check_file(path, max_rows=100)
        register_enterprise(
            world.program, enterprise_data(code(1), "340104"), actor=world.city_admin
        )
        with pytest.raises(StaleDataError), transaction.atomic():
            importer.write(result.rows)
