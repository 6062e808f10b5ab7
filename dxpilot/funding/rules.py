"""Readers of the programme file's acceptance rule (Program.acceptance_rule): pure functions over
the project and its programme, used by the services, the selectors and the pages."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from dxpilot.projects.models import TransformationProject


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    result: date = day + relativedelta(months=months)
    return result


def apply_within_months(project: TransformationProject) -> int:
    return int((project.program.acceptance_rule or {}).get("apply_within_months", 3))


def min_level(project: TransformationProject) -> int:
    return int((project.program.acceptance_rule or {}).get("min_level", 2))


def acceptance_deadline(project: TransformationProject) -> date | None:
    """The last day to apply: completion date + the programme's months (None: not completed)."""
    if project.completed_on is None:
        return None
    return add_months(project.completed_on, apply_within_months(project))
