"""The sign-in sheet import (exchange): all or nothing, every bad row named, counts rise once."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dxpilot.exchange.models import ImportJob, JobStatus, ReportLine
from dxpilot.exchange.services import start_import
from dxpilot.exchange.tests.workbooks import upload, xlsx
from dxpilot.testing import World
from dxpilot.training.models import Attendance
from dxpilot.training.selectors import distinct_trained, programme_attendances
from dxpilot.training.tests.factories import make_session, mobile, register

HEADERS = ["场次编号", "姓名", "手机号码或身份证号码"]


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def run(world: World, rows: list[list[Any]], actor: Any = None) -> ImportJob:
    content = xlsx(rows, headers=HEADERS, sheet_title="签到表")
    return start_import(
        world.program, "attendance", upload(content, "签到表.xlsx"), actor=actor or world.officer_a
    )


def errors(job: ImportJob) -> list[tuple[int | None, str]]:
    lines = job.lines.filter(outcome=ReportLine.Outcome.ERROR).order_by("row", "pk")
    return [(line.row, line.message) for line in lines]


def test_a_clean_sheet_records_attendance_and_the_count_rises_once(world: World) -> None:
    first, second = make_session(world), make_session(world)
    for n in (1, 2):
        register(world, first, n)
    register(world, second, 1)
    job = run(world, [[first.pk, "学员1", mobile(1)], [first.pk, "学员2", mobile(2)],
                      [second.pk, "学员1", mobile(1)]])  # fmt: skip
    assert job.status == JobStatus.DONE, errors(job)
    assert Attendance.objects.count() == 3
    assert set(Attendance.objects.values_list("source", flat=True)) == {"sheet"}
    assert distinct_trained(programme_attendances(world.program.pk, world.city_admin)) == 2
    # The same sheet again: unchanged, nothing doubled.
    again = run(world, [[first.pk, "学员1", mobile(1)]])
    assert again.status == JobStatus.DONE and again.unchanged_count == 1
    assert Attendance.objects.count() == 3


def test_a_bad_sheet_names_every_row_and_writes_nothing(world: World) -> None:
    past = make_session(world)
    future = make_session(world, held_on=date(2025, 9, 1))
    elsewhere = make_session(world, division_id=world.division_b.pk)
    register(world, past, 1)
    register(world, future, 2)
    job = run(
        world,
        [
            [past.pk, "学员1", mobile(1)],  # fine
            [past.pk, "学员1", mobile(1)],  # duplicate of row 2
            [past.pk, "陌生人", mobile(9)],  # not registered
            [future.pk, "学员2", mobile(2)],  # session in the future
            [elsewhere.pk, "学员3", mobile(3)],  # another district's session
            [past.pk, "学员1", "12345"],  # not an identifier
            [past.pk, "别名", mobile(1)],  # name differs from the registration (and duplicate)
        ],
    )
    assert job.status == JobStatus.REJECTED
    found = errors(job)
    rows = {row for row, _m in found}
    assert rows == {2, 3, 4, 5, 6, 7, 8}
    text = "\n".join(m for _r, m in found)
    assert "重复签到" in text and "未报名" in text and "尚未到来" in text
    assert "不在您的管辖范围内" in text and "不是有效的手机号码" in text
    assert Attendance.objects.count() == 0


def test_the_template_downloads_with_the_sign_in_columns(world: World) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    from dxpilot.testing import client_for

    response = client_for(world.officer_a).get("/exchange/templates/attendance.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    headers = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert headers[:3] == HEADERS
    assert client_for(world.finance).get("/exchange/templates/attendance.xlsx").status_code in (
        403,
        404,
    )
