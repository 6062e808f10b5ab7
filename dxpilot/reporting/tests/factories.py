"""Builders for reporting tests: pilots per division, an overdue step, an accepted project."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dxpilot.funding.tests.cases import SHANGHAI, Case, accepted_case, contracted_case
from dxpilot.platforms.tests.factories import pilot
from dxpilot.projects.services.milestones import add_milestone
from dxpilot.reporting.models import Circular
from dxpilot.reporting.services import generate_circular, issue_circular
from dxpilot.testing import World

AFTER_Q3 = datetime(2025, 10, 10, 9, tzinfo=SHANGHAI)


def pilots(world: World, counts: dict[str, int]) -> None:
    """`counts` pilot enterprises registered in each division code."""
    for code, n in counts.items():
        for _i in range(n):
            pilot(world, code)


def overdue_case(world: World, clock: Any, *, division: str = "340104") -> Case:
    """A contracted project whose milestone was planned for 2025-08-15 and is not done."""
    case = contracted_case(world, clock, division=division)
    add_milestone(case.project.pk, actor=case.user, name="系统上线", planned_on=date(2025, 8, 15))
    return case


def accepted(world: World, clock: Any, **kwargs: Any) -> Case:
    """A project accepted on 2025-08-01 (baseline 一级, post 二级)."""
    return accepted_case(world, clock, **kwargs)


def issued(world: World, clock: Any, period: str = "2025-Q3", **kwargs: Any) -> Circular:
    clock.move_to(AFTER_Q3)
    circular = generate_circular(world.program, period=period, actor=world.city_admin, **kwargs)
    return issue_circular(circular, actor=world.city_admin)
