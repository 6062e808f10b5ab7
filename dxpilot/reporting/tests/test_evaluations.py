"""绩效评价 reports: stages that have ended, the indicator table against the stage's due values,
numbering and immutability like circulars."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from docx import Document

from dxpilot.funding.tests.cases import SHANGHAI
from dxpilot.reporting.models import PerformanceEvaluation
from dxpilot.reporting.services import (
    generate_evaluation,
    issue_evaluation,
    update_evaluation_lead,
)
from dxpilot.reporting.tests.factories import AFTER_Q3, pilots
from dxpilot.testing import World


def row(evaluation: PerformanceEvaluation, key: str) -> dict[str, Any]:
    return next(r for r in evaluation.content["indicators"] if r["key"] == key)


def test_the_first_stage_is_due_40_percent_of_each_count(
    clock: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dxpilot.programs.metrics import REGISTRY

    monkeypatch.delitem(REGISTRY, "parks")  # a target whose app is not built (as before parks)
    pilots(world, {"340104": 1})
    clock.move_to(AFTER_Q3)
    evaluation = generate_evaluation(world.program, stage="first", actor=world.city_admin)
    assert evaluation.content["expected"] == "0.4000"
    l2 = row(evaluation, "enterprises-l2")
    assert (l2["value"], l2["due"], l2["actual"], l2["rate"]) == (
        "500.000",
        "200.00",
        "0",
        "0.0000",
    )
    assert l2["url"] == "/assessment/levels/"
    # A ratio target is due as it is; a target without a data source has no rate.
    assert row(evaluation, "cloud-coverage")["due"] == "1.000"
    parks = row(evaluation, "parks")
    assert parks["actual"] is None and parks["rate"] is None and parks["has_source"] is False
    # Every target of the file is an indicator (no list configured).
    assert len(evaluation.content["indicators"]) == world.program.targets.count()
    assert not evaluation.final


def test_the_final_stage_cannot_be_evaluated_before_it_ends(clock: Any, world: World) -> None:
    clock.move_to(AFTER_Q3)
    with pytest.raises(ValidationError) as exc:
        generate_evaluation(world.program, stage="final", actor=world.city_admin)
    assert exc.value.message_dict == {
        "stage": ["终期绩效评价对应的阶段截至 2025-12-31，尚未结束，结束后才能生成。"]
    }
    with pytest.raises(ValidationError) as exc:
        generate_evaluation(world.program, stage="third", actor=world.city_admin)
    assert exc.value.message_dict == {
        "stage": ["评价阶段“third”不存在，可选：first、second、final。"]
    }
    assert not PerformanceEvaluation.objects.exists()


def test_an_issued_report_is_numbered_and_immutable(clock: Any, world: World) -> None:
    clock.move_to(AFTER_Q3)
    first = generate_evaluation(world.program, stage="first", actor=world.city_admin)
    update_evaluation_lead(first, lead="第一阶段评价报告如下。", actor=world.city_admin)
    first = issue_evaluation(first, actor=world.city_admin)
    assert first.number == "合数转评〔2025〕1号"
    second = issue_evaluation(
        generate_evaluation(world.program, stage="second", actor=world.city_admin),
        actor=world.city_admin,
    )
    assert second.number == "合数转评〔2025〕2号"
    with pytest.raises(ValidationError):
        update_evaluation_lead(first, lead="改", actor=world.city_admin)
    with pytest.raises(ValidationError):
        issue_evaluation(first, actor=world.city_admin)
    with pytest.raises(ValidationError):
        generate_evaluation(world.program, stage="first", actor=world.city_admin)
    first.refresh_from_db()
    assert first.lead == "第一阶段评价报告如下。"


def test_the_final_report_files_hold_the_indicator_table(clock: Any, world: World) -> None:
    clock.move_to(datetime(2026, 1, 8, 9, tzinfo=SHANGHAI))
    final = issue_evaluation(
        generate_evaluation(world.program, stage="final", actor=world.city_admin),
        actor=world.city_admin,
    )
    assert final.final and final.number == "合数转评〔2026〕1号"
    with final.docx.open("rb") as handle:
        document = Document(handle)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "合肥市中小企业数字化转型城市试点终期绩效评价报告" in text
    assert "财建〔2023〕117号附件" in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "指标", "方案目标", "阶段目标", "完成", "完成率", "佐证",
    ]  # fmt: skip
    l2 = next(r for r in table.rows if r.cells[0].text == "数字化水平达到二级及以上的试点企业")
    assert [c.text for c in l2.cells][1:5] == ["500 家", "500 家", "0 家", "0.0%"]
    with final.xlsx.open("rb") as handle:
        sheet = openpyxl.load_workbook(BytesIO(handle.read()))["评价指标"]
    values = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["数字化水平达到二级及以上的试点企业"][2:5] == (500, 500, 0)
    assert values["试点企业上云上平台全覆盖"][6] == "/platforms/"
