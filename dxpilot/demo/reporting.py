"""Demo circulars and evaluation reports: the 2025 second-quarter circular issued to every
division, the September circular left as a draft, and the first-stage evaluation issued.

A step of dxpilot.demo.world, through the reporting services as the demo city admin (so the
figures are the demo world's own). Periods that have not ended on the day the demo is built are
skipped; a programme that already has circulars is left alone (a second run adds nothing).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from dxpilot.accounts.models import Role, User
from dxpilot.reporting.models import Circular
from dxpilot.reporting.periods import parse_period
from dxpilot.reporting.services import (
    generate_circular,
    generate_evaluation,
    issue_circular,
    issue_evaluation,
    update_circular_lead,
)

ISSUED_PERIOD, DRAFT_PERIOD = "2025-Q2", "2025-09"
LEAD = (
    "二季度，各县（市）区、开发区按照试点实施方案推进第二批试点企业数字化改造，"
    "现将进展情况通报如下。请排名靠后和存在逾期事项的地区对照清单抓紧整改。"
)


def create_reports(world: Any) -> None:
    program = world.program
    admin = User.objects.filter(username="demo-city", role=Role.CITY_ADMIN).first()
    if admin is None or Circular.objects.filter(program=program).exists():
        return
    today = timezone.localdate()
    count = 0
    for period, issue in ((ISSUED_PERIOD, True), (DRAFT_PERIOD, False)):
        if parse_period(period).ends_on >= today:
            continue
        circular = generate_circular(program, period=period, actor=admin)
        if issue:
            update_circular_lead(circular, lead=LEAD, actor=admin)
            issue_circular(circular, actor=admin)
        count += 1
    evaluations = 0
    try:
        evaluation = generate_evaluation(program, stage="first", actor=admin)
    except ValidationError:
        pass  # a programme without that stage, or before its end
    else:
        issue_evaluation(evaluation, actor=admin)
        evaluations = 1
    world.counts["circulars"] = count
    world.counts["evaluations"] = evaluations
