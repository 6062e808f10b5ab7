"""The programme file's `reporting` section: defaults, refusals and the expected progress."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import yaml

from dxpilot.programs.models import Program
from dxpilot.programs.spec import ProgramSpecError, validate_program
from dxpilot.reporting import rules
from dxpilot.testing import HEFEI


def hefei() -> dict[str, Any]:
    from dxpilot.programs.spec.checker import TextDatesLoader

    return yaml.load(HEFEI.read_text(encoding="utf-8"), Loader=TextDatesLoader)  # noqa: S506


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ProgramSpecError) as exc:
        validate_program(data)
    return [str(e) for e in exc.value.errors]


def test_hefei_names_its_prefixes_stages_and_pilot_shares() -> None:
    spec = validate_program(hefei())["reporting"]
    assert spec["circulars"]["number_prefix"] == "合数转通"
    assert spec["circulars"]["division_shares"] == "pilots"
    assert [s["key"] for s in spec["evaluations"]["stages"]] == ["first", "second", "final"]
    # No indicator list: every target of the file is an indicator.
    assert len(spec["evaluations"]["indicators"]) == len(hefei()["targets"])


def test_a_file_without_the_section_gets_the_defaults() -> None:
    data = hefei()
    del data["reporting"]
    spec = validate_program(data)["reporting"]
    assert spec["circulars"]["division_shares"] == "pilots"
    assert spec["circulars"]["expected_progress"] == {}
    assert [s["stage"] for s in spec["evaluations"]["stages"]] == [
        "y2024",
        "y2025-q1q3",
        "y2025-q4",
    ]


def test_every_problem_of_the_section_is_named() -> None:
    data = hefei()
    section = data["reporting"]
    section["circulars"]["targets"] = ["enterprises-l2", "no-such-target"]
    section["circulars"]["division_shares"] = {"340104": 0.5, "999999": 0.2}
    section["circulars"]["expected_progress"] = {"y2024": 0.6, "y2025-q1q3": 0.5, "later": 1}
    section["evaluations"]["stages"] = [{"key": "first", "name": "一", "stage": "y2030"}]
    assert sorted(problems(data)) == sorted(
        [
            "reporting.circulars.division_shares.999999: 区划代码“999999”不在本方案中。",
            "reporting.circulars.division_shares: 各县（市）区的份额合计应为 1（现为 0.5）。",
            "reporting.circulars.targets[1]: 指标“no-such-target”不存在。",
            "reporting.circulars.expected_progress.later: 阶段“later”不存在。",
            "reporting.circulars.expected_progress: 各阶段的进度要求不能逐段下降。",
            "reporting.evaluations.stages[0].stage: 阶段“y2030”不存在。",
        ]
    )


def _program(**rule: Any) -> Program:
    program = Program(starts_on=date(2024, 1, 1), ends_on=date(2025, 12, 31))
    program.reporting_rule = {"circulars": rule}
    return program


class _Stage:
    def __init__(self, key: str, ends_on: date) -> None:
        self.key, self.ends_on = key, ends_on


STAGES = [
    _Stage("y2024", date(2024, 12, 31)),
    _Stage("y2025-q1q3", date(2025, 9, 30)),
    _Stage("y2025-q4", date(2025, 12, 31)),
]


def test_the_expected_share_grows_linearly_between_stage_ends() -> None:
    program = _program(expected_progress={"y2024": "0.4", "y2025-q1q3": "0.8", "y2025-q4": "1"})
    share = rules.expected_share
    assert share(program, STAGES, date(2024, 12, 31)) == Decimal("0.4")  # type: ignore[arg-type]
    assert share(program, STAGES, date(2025, 9, 30)) == Decimal("0.8")  # type: ignore[arg-type]
    # 2025-06-30 is 181 of the 273 days from 2024-12-31 to 2025-09-30: 0.4 + 0.4 × 181 / 273.
    assert share(program, STAGES, date(2025, 6, 30)) == Decimal("0.6652")  # type: ignore[arg-type]
    # 2024-07-01 is 183 of 366 days into 2024: 0.4 × 183 / 366 = 0.2.
    assert share(program, STAGES, date(2024, 7, 1)) == Decimal("0.2")  # type: ignore[arg-type]


def test_without_the_setting_the_expected_share_is_the_time_elapsed() -> None:
    program = _program()
    # 2024-12-31: 366 of the 731 days from 2023-12-31 to 2025-12-31.
    assert rules.expected_share(program, [], date(2024, 12, 31)) == Decimal("0.5007")
