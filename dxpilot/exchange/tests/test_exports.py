"""Exports: scoped, masked by role, formula-safe, streamed with constant memory, audited."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from dxpilot.audit.models import AuditEntry
from dxpilot.enterprises.services import register_enterprise
from dxpilot.exchange.exporters.base import ExportColumn, write_xlsx
from dxpilot.exchange.models import ExportJob, JobStatus
from dxpilot.exchange.services import record_download, start_export
from dxpilot.testing import World, client_for, enterprise_data, valid_code

pytestmark = pytest.mark.django_db
INJECTION = "=cmd|' /C calc'!A0"


def export(
    user: Any, kind: str = "enterprises", **filters: str
) -> tuple[ExportJob, list[dict[str, Any]]]:
    job = start_export(kind, actor=user, filters=filters)
    assert job.status == JobStatus.DONE
    with job.file.open("rb") as f:
        sheet = load_workbook(f).active
    lines = list(sheet.iter_rows(values_only=True))
    return job, [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]


class TestScopeAndMasking:
    def test_a_district_officer_exports_only_their_divisions(self, world: World) -> None:
        _job, rows = export(world.officer_a)
        assert [r["统一社会信用代码"] for r in rows] == [world.enterprise_a.credit_code]

    def test_roles_that_see_personal_data_get_full_contacts(self, world: World) -> None:
        job, rows = export(world.city_admin)
        assert not job.masked
        first = next(r for r in rows if r["统一社会信用代码"] == world.enterprise_a.credit_code)
        assert (first["联系人"], first["联系电话"], first["银行账号"]) == (
            "张伟",
            "13812345678",
            "6222021234567890123",
        )

    def test_the_finance_office_gets_masked_contacts(self, world: World) -> None:
        job, rows = export(world.finance)
        assert job.masked
        assert len(rows) == 2
        first = rows[0]
        assert (first["联系人"], first["联系电话"], first["电子邮箱"], first["银行账号"]) == (
            "张*", "138****5678", "z***@example.cn", "**** 0123",
        )  # fmt: skip

    def test_the_list_filters_are_applied(self, world: World) -> None:
        _job, rows = export(world.city_admin, division=str(world.division_b.pk))
        assert [r["统一社会信用代码"] for r in rows] == [world.enterprise_b.credit_code]

    def test_roles_without_the_list_are_refused(self, world: World) -> None:
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            start_export("enterprises", actor=world.enterprise_user, filters={})
        assert not ExportJob.objects.exists()


class TestFormulaInjection:
    @pytest.mark.parametrize("name", [INJECTION, "+1+1", "-2+3", "@SUM(1)"])
    def test_text_that_looks_like_a_formula_stays_text(self, world: World, name: str) -> None:
        register_enterprise(
            world.program,
            enterprise_data(
                valid_code("91340104MA2XJ0001"), "340104", name=name, contact_name="@x"
            ),
            actor=world.city_admin,
        )
        job = start_export("enterprises", actor=world.city_admin, filters={})
        with job.file.open("rb") as f:
            sheet = load_workbook(f).active
        cells = [
            line
            for line in sheet.iter_rows(min_row=2)
            if line[0].value == valid_code("91340104MA2XJ0001")
        ]
        [line] = cells
        name_cell = line[1]
        assert name_cell.data_type == "s"
        assert name_cell.value == name
        assert name_cell.quotePrefix
        assert all(cell.data_type != "f" for cell in line)

    def test_every_trigger_character_is_quoted_and_other_text_is_not(self, tmp_path: Path) -> None:
        texts = [INJECTION, "+1", "-1", "@A1", "\tx", "\rx", "普通文字", "1+1"]
        write_xlsx(tmp_path / "t.xlsx", "t", [ExportColumn("c")], [(t,) for t in texts])
        sheet = load_workbook(tmp_path / "t.xlsx").active
        cells = [line[0] for line in sheet.iter_rows(min_row=2)]
        # XlsxWriter stores a carriage return as Excel's escape _x000D_ (Excel shows "\r").
        assert [c.value.replace("_x000D_", "\r") for c in cells] == texts
        assert [c.quotePrefix for c in cells] == [True] * 6 + [False] * 2
        assert {c.data_type for c in cells} == {"s"}


class TestAudit:
    def test_each_export_and_each_download_is_audited_with_the_row_count(
        self, world: World
    ) -> None:
        job, _rows = export(world.finance)
        entry = AuditEntry.objects.get(action="enterprises.export")
        assert (entry.kind, entry.actor_id, entry.object_id) == (
            "export",
            world.finance.pk,
            str(job.pk),
        )
        assert entry.changes["rows"] == 2
        assert entry.changes["masked"] is True
        response = client_for(world.finance).get(f"/exchange/exports/{job.pk}/download/")
        assert response.status_code == 200
        b"".join(response.streaming_content)
        download = AuditEntry.objects.get(action="export.download")
        assert (download.kind, download.changes["rows"]) == ("export", 2)

    def test_nobody_else_downloads_your_export(self, world: World) -> None:
        job, _rows = export(world.city_admin)
        assert (
            client_for(world.officer_a).get(f"/exchange/exports/{job.pk}/download/").status_code
            == 404
        )
        assert not AuditEntry.objects.filter(action="export.download").exists()

    def test_record_download_names_the_kind(self, world: World) -> None:
        job, _rows = export(world.city_admin)
        record_download(job, actor=world.city_admin)
        assert AuditEntry.objects.get(action="export.download").changes["kind"] == "enterprises"


class TestBackground:
    @override_settings(DXPILOT_EXPORT_INLINE_ROWS=0)
    def test_a_large_export_runs_as_a_task_and_leaves_a_file(self, world: World) -> None:
        job = start_export("enterprises", actor=world.city_admin, filters={})
        assert job.task_id
        assert job.status == JobStatus.DONE
        assert job.rows_done == 2
        assert job.file.name.startswith("exchange/exports/")


class TestAssessments:
    def test_levels_are_exported_within_the_assessment_scope(self, world: World) -> None:
        from dxpilot.assessment.services import assign_assessor

        assign_assessor(
            world.enterprise_a.pk,
            kind="onsite_before",
            assessor_id=world.assessor.pk,
            actor=world.city_admin,
        )
        assign_assessor(
            world.enterprise_b.pk,
            kind="onsite_before",
            assessor_id=world.assessor.pk,
            actor=world.city_admin,
        )
        _job, rows = export(world.officer_a, "assessments")
        assert [(r["统一社会信用代码"], r["评测类型"], r["状态"]) for r in rows] == [
            (world.enterprise_a.credit_code, "现场评测（改造前 T0）", "填写中"),
        ]
        _job, rows = export(world.city_admin, "assessments")
        assert len(rows) == 2


def synthetic(n: int) -> Iterator[tuple[Any, ...]]:
    for i in range(n):
        yield (f"9134010{i:011d}", f"企业{i}", "蜀山区", i, 1234.5 + i, "张*", "138****5678")


def peak_bytes(n: int, path: Path) -> int:
    columns = [ExportColumn(f"c{i}") for i in range(7)]
    tracemalloc.start()
    write_xlsx(path, "t", columns, synthetic(n))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def test_memory_does_not_grow_with_rows(tmp_path: Path) -> None:
    """Constant-memory mode: ten times the rows must not need anything like ten times the memory
    (XlsxWriter's default mode keeps every cell: about 10x here)."""
    small, large = peak_bytes(2_000, tmp_path / "s.xlsx"), peak_bytes(20_000, tmp_path / "l.xlsx")
    assert large < small * 2, (small, large)
