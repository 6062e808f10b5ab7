"""Figures shared by the report's parts: whole percents, signed changes, an assessment's date."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from dxpilot.assessment.models import Assessment

LEVELS = (0, 1, 2, 3, 4)


def pct(part: Decimal | int, whole: Decimal | int) -> int:
    """Whole percent, half up; 0 when there is no whole."""
    if not whole:
        return 0
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def signed(value: Decimal) -> str:
    return f"{value:+.2f}"


def local_date(assessment: Assessment) -> Any:
    if assessment.assessed_on:
        return assessment.assessed_on
    when = assessment.submitted_at or assessment.created_at
    return timezone.localdate(when)
