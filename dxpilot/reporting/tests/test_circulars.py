"""Circulars: shares and rankings hand-computed, lagging items, numbering, immutability, audit,
the Word and Excel files opened and read, and constant queries as data grows."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from dxpilot.audit.models import AuditEntry
from dxpilot.funding.tests.cases import SHANGHAI, T1_DAY, lock_assessment
from dxpilot.programs.models import Program
from dxpilot.reporting import docx, xlsx
from dxpilot.reporting.models import Circular, ReportStatus
from dxpilot.reporting.services import (
    generate_circular,
    issue_circular,
    update_circular_lead,
)
from dxpilot.reporting.tests.factories import (
    AFTER_Q3,
    accepted,
    issued,
    overdue_case,
    pilots,
)
from dxpilot.testing import World, add_enterprises, completed_project


def only(program: Program, **circulars: Any) -> None:
    """Narrow the programme's circular rules (the rest of the file stays)."""
    rule = dict(program.reporting_rule)
    rule["circulars"] = {**rule["circulars"], **circulars}
    program.reporting_rule = rule
    program.save(update_fields=["reporting_rule"])


def division(circular: Circular, code: str) -> dict[str, Any]:
    return next(e for e in circular.content["divisions"] if e["code"] == code)


def messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# --- shares, rankings, lagging ----------------------------------------------------------------


def test_default_shares_follow_the_divisions_pilot_enterprises(clock: Any, world: World) -> None:
    """3 pilots: 2 in 蜀山区 (A), 1 in 包河区 (B) → shares 2/3 and 1/3 of 500 二级 enterprises."""
    pilots(world, {"340104": 2, "340111": 1})
    clock.move_to(AFTER_Q3)
    circular = generate_circular(world.program, period="2025-Q3", actor=world.city_admin)
    a, b = division(circular, "340104"), division(circular, "340111")
    assert (a["pilots"], a["share"]) == (2, "0.6667")
    assert (b["pilots"], b["share"]) == (1, "0.3333")
    rows_a = {r["key"]: r for r in a["rows"]}
    assert rows_a["enterprises-l2"]["target"] == "333.35"  # 500 × 0.6667
    assert {r["key"]: r for r in b["rows"]}["enterprises-l2"]["target"] == "166.65"
    # A ratio target applies to every division as it is.
    assert rows_a["cloud-coverage"]["target"] == "1.000"
    assert division(circular, "340102")["share"] == "0.0000"  # 瑶海区: no pilots


def test_fixed_shares_rank_the_divisions_and_name_the_laggards(clock: Any, world: World) -> None:
    """Shares fixed in the file: A 0.002 (1 of 500), B 0.998 (499 of 500). A's pilot reaches
    二级 after transformation: A completes 100 %, B 0 %; 2025-09-30 expects 80 %."""
    only(
        world.program,
        targets=["enterprises-l2"],
        division_shares={"340104": "0.002", "340111": "0.998"},
    )
    pilots(world, {"340104": 1})
    enterprise = world.program.enterprises.filter(is_pilot=True).get()
    clock.move_to(datetime(2025, 3, 5, 17, tzinfo=SHANGHAI))
    lock_assessment(world, enterprise, 1, "onsite_before", date(2025, 3, 5))
    completed_project(enterprise)
    clock.move_to(datetime(2025, 7, 10, 15, tzinfo=SHANGHAI))
    lock_assessment(world, enterprise, 2, "onsite_after", T1_DAY)
    clock.move_to(AFTER_Q3)
    circular = generate_circular(world.program, period="2025-Q3", actor=world.city_admin)
    a, b = division(circular, "340104"), division(circular, "340111")
    assert circular.content["expected"] == "0.8000"
    assert a["rows"] == [
        {"key": "enterprises-l2", "target": "1.00", "actual": "1", "rate": "1.0000"}
    ]
    assert (a["score"], a["rank"], a["lagging"]) == ("1.0000", 1, False)
    assert (b["score"], b["rank"], b["lagging"]) == ("0.0000", 2, True)
    # A division with a zero share has no rate: unranked, not lagging.
    yaohai = division(circular, "340102")
    assert (yaohai["score"], yaohai["rank"], yaohai["lagging"]) == (None, None, False)


def test_overdue_steps_and_accepted_projects_of_the_period(clock: Any, world: World) -> None:
    accepted(world, clock)  # 蜀山区, accepted 2025-08-01, 一级 → 二级
    overdue_case(world, clock, division="340111")  # 包河区, planned 2025-08-15, not done
    clock.move_to(AFTER_Q3)
    q3 = generate_circular(world.program, period="2025-Q3", actor=world.city_admin)
    assert q3.content["overdue_total"] == 1
    assert q3.content["overdue"][0]["days"] == 46  # 2025-08-15 → 2025-09-30
    assert q3.content["overdue"][0]["milestone"] == "系统上线"
    assert division(q3, "340111")["overdue"] == 1 and division(q3, "340104")["overdue"] == 0
    assert q3.content["cases_total"] == 1
    case = q3.content["cases"][0]
    assert (case["before"], case["after"], case["accepted_on"]) == (1, 2, "2025-08-01")
    # July: the step was not yet due, nothing was accepted.
    july = generate_circular(world.program, period="2025-07", actor=world.city_admin)
    assert july.content["overdue_total"] == 0 and july.content["cases_total"] == 0


def test_a_circular_may_concern_some_divisions_only(clock: Any, world: World) -> None:
    clock.move_to(AFTER_Q3)
    circular = generate_circular(
        world.program,
        period="2025-Q3",
        division_ids=[world.division_a.pk],
        actor=world.city_admin,
    )
    assert [e["code"] for e in circular.content["divisions"]] == ["340104"]
    assert list(circular.divisions.all()) == [world.division_a]


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025-13", "“2025-13”不是有效的月份：月份应为 01 到 12。"),
        ("2025-Q4", "2025年第四季度尚未结束（截至 2025-12-31），结束后才能生成通报。"),
        ("2023-Q4", "2023年第四季度不在试点期（2024-01-01 至 2025-12-31）内，无法通报。"),
    ],
)
def test_a_bad_period_is_refused_and_nothing_is_written(
    clock: Any, world: World, period: str, message: str
) -> None:
    clock.move_to(AFTER_Q3)
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        generate_circular(world.program, period=period, actor=world.city_admin)
    assert exc.value.message_dict == {"period": [message]}
    assert not Circular.objects.exists() and AuditEntry.objects.count() == entries


def test_only_the_city_admin_generates(clock: Any, world: World) -> None:
    clock.move_to(AFTER_Q3)
    with pytest.raises(PermissionDenied):
        generate_circular(world.program, period="2025-Q3", actor=world.officer_a)
    assert not Circular.objects.exists()


def test_an_unknown_division_is_refused(clock: Any, world: World) -> None:
    clock.move_to(AFTER_Q3)
    with pytest.raises(ValidationError) as exc:
        generate_circular(
            world.program, period="2025-Q3", division_ids=[999_999], actor=world.city_admin
        )
    assert exc.value.message_dict == {"divisions": ["所选区划不在本试点方案中。"]}


# --- lead, issue, numbering, immutability ---------------------------------------------------


def test_the_lead_is_edited_then_the_circular_issued_with_its_number(
    clock: Any, world: World
) -> None:
    clock.move_to(AFTER_Q3)
    circular = generate_circular(world.program, period="2025-Q3", actor=world.city_admin)
    assert circular.status == ReportStatus.DRAFT and circular.number == ""
    assert circular.lead.startswith("现将2025年第三季度全市中小企业数字化转型城市试点工作")
    update_circular_lead(circular, lead="第三季度各地进展总体平稳。", actor=world.city_admin)
    circular = issue_circular(circular, actor=world.city_admin)
    circular.refresh_from_db()
    assert circular.number == "合数转通〔2025〕1号"
    assert (circular.year, circular.sequence) == (2025, 1)
    assert circular.issued_on.isoformat() == "2025-10-10"
    assert circular.issued_by == world.city_admin
    assert circular.docx.name.endswith(".docx") and len(circular.docx_sha256) == 64
    actions = list(
        AuditEntry.objects.filter(object_type="reporting.circular")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["circular.generate", "circular.update_lead", "circular.issue"]


def test_numbers_run_per_year_of_issue(clock: Any, world: World) -> None:
    first = issued(world, clock, "2025-Q3")
    second = issued(world, clock, "2025-09")
    clock.move_to(datetime(2026, 1, 5, 9, tzinfo=SHANGHAI))
    third = issue_circular(
        generate_circular(world.program, period="2025-Q4", actor=world.city_admin),
        actor=world.city_admin,
    )
    assert [first.number, second.number, third.number] == [
        "合数转通〔2025〕1号",
        "合数转通〔2025〕2号",
        "合数转通〔2026〕1号",
    ]


def test_an_issued_circular_cannot_be_edited_regenerated_or_issued_again(
    clock: Any, world: World
) -> None:
    circular = issued(world, clock)
    before = (circular.lead, circular.content, circular.number, circular.docx_sha256)
    expected = "已于 2025-10-10 印发（合数转通〔2025〕1号），印发后不能再修改或重新生成。"
    with pytest.raises(ValidationError) as exc:
        update_circular_lead(circular, lead="改过的导语", actor=world.city_admin)
    assert messages(exc.value) == [expected]
    with pytest.raises(ValidationError) as exc:
        issue_circular(circular, actor=world.city_admin)
    assert messages(exc.value) == [expected]
    with pytest.raises(ValidationError) as exc:
        generate_circular(world.program, period="2025-Q3", actor=world.city_admin)
    assert messages(exc.value) == [expected]
    circular.refresh_from_db()
    assert (circular.lead, circular.content, circular.number, circular.docx_sha256) == before
    assert Circular.objects.get().sequence == 1


def test_an_empty_lead_is_refused(clock: Any, world: World) -> None:
    clock.move_to(AFTER_Q3)
    circular = generate_circular(world.program, period="2025-Q3", actor=world.city_admin)
    with pytest.raises(ValidationError) as exc:
        update_circular_lead(circular, lead="  \u200b ", actor=world.city_admin)
    assert "lead" in exc.value.message_dict
    circular.refresh_from_db()
    assert circular.lead.startswith("现将")


def test_regenerating_a_draft_keeps_its_lead(clock: Any, world: World) -> None:
    clock.move_to(AFTER_Q3)
    circular = generate_circular(world.program, period="2025-Q3", actor=world.city_admin)
    update_circular_lead(circular, lead="自定义导语。", actor=world.city_admin)
    pilots(world, {"340104": 1})
    again = generate_circular(world.program, period="2025-Q3", actor=world.city_admin)
    assert again.pk == circular.pk and again.lead == "自定义导语。"
    assert division(again, "340104")["pilots"] == 1


# --- files ------------------------------------------------------------------------------------


def test_the_word_file_carries_number_lead_ranking_and_cases(clock: Any, world: World) -> None:
    pilots(world, {"340104": 2, "340111": 1})
    accepted(world, clock)  # a third pilot in 蜀山区
    circular = issued(world, clock)
    with circular.docx.open("rb") as handle:
        document = Document(handle)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于2025年第三季度合肥市中小企业数字化转型城市试点工作进展情况的通报" in text
    assert "合数转通〔2025〕1号" in text
    assert circular.lead in text
    assert "本期通过验收的改造项目共 1 个。" in text
    assert "一级 → 二级" in text
    ranking = document.tables[1]
    header = [c.text for c in ranking.rows[0].cells]
    assert header[:2] == ["排名", "区划"]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in ranking.rows[1:]}
    assert rows["蜀山区"][2:4] == ["3", "75.0%"] and rows["包河区"][2:4] == ["1", "25.0%"]
    # The CJK font is named on the styles (core/docx.py).
    assert 'w:eastAsia="Noto Sans CJK SC"' in document.styles.element.xml


def test_the_excel_annex_has_every_table_with_numbers(clock: Any, world: World) -> None:
    only(world.program, targets=["enterprises-l2"])
    pilots(world, {"340104": 2, "340111": 1})
    overdue_case(world, clock, division="340111")  # a second pilot in 包河区
    circular = issued(world, clock)
    with circular.xlsx.open("rb") as handle:
        book = openpyxl.load_workbook(BytesIO(handle.read()))
    assert book.sheetnames == ["全市总体进展", "各地分项指标", "排名", "逾期事项", "典型案例"]
    assert str(book["全市总体进展"]["A1"].value).endswith("合数转通〔2025〕1号")
    rows = list(book["各地分项指标"].iter_rows(min_row=3, values_only=True))
    shuhan = next(r for r in rows if r[1] == "340104")
    assert shuhan[2] == "数字化水平达到二级及以上的试点企业"
    assert shuhan[3] == pytest.approx(0.5) and shuhan[4] == pytest.approx(250)
    overdue = list(book["逾期事项"].iter_rows(min_row=3, values_only=True))
    assert len(overdue) == 1 and overdue[0][3] == "系统上线" and overdue[0][5] == 46


def test_a_draft_preview_says_it_has_no_number(clock: Any, world: World) -> None:
    clock.move_to(AFTER_Q3)
    circular = generate_circular(world.program, period="2025-Q3", actor=world.city_admin)
    document = Document(BytesIO(docx.circular_docx(circular)))
    assert "（草稿，尚未印发，无文号）" in [p.text for p in document.paragraphs]
    book = openpyxl.load_workbook(BytesIO(xlsx.circular_xlsx(circular)))
    assert "草稿" in str(book["排名"]["A1"].value)


# --- queries ----------------------------------------------------------------------------------


def test_generation_costs_the_same_queries_at_two_sizes(
    clock: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pilots(world, {"340104": 1})
    clock.move_to(AFTER_Q3)
    with CaptureQueriesContext(connection) as small:
        generate_circular(world.program, period="2025-Q3", actor=world.city_admin)
    add_enterprises(world.program, 300, seed=7)
    accepted(world, clock)
    overdue_case(world, clock, division="340111")
    clock.move_to(AFTER_Q3)
    with django_assert_max_num_queries(len(small)):
        generate_circular(world.program, period="2025-Q3", actor=world.city_admin)
    assert Decimal(division(Circular.objects.get(), "340104")["share"]) > 0
