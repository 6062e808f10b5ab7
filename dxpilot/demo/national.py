"""Demo national reporting: two submissions by the city admin, the national platform's feedback
on a few records of the first (accepted, and rejected with a reason), so that the second shows
the rejected records re-submitted and the accepted ones unchanged.

A step of dxpilot.demo.world. A programme that already has submissions is left alone, so a
second run adds nothing."""

from __future__ import annotations

from typing import Any

from dxpilot.accounts.models import Role, User
from dxpilot.national import services
from dxpilot.national.models import Submission

REJECTIONS = ("成立时间与营业执照不一致，请核实后重报。", "所属细分行业与行业代码不符。")
ACCEPTED = 5


def create_national(world: Any) -> None:
    program = world.program
    if Submission.objects.filter(program=program).exists():
        return
    admin = User.objects.filter(role=Role.CITY_ADMIN, is_active=True).order_by("pk").first()
    if admin is None:
        return
    first = services.create_submission(program, actor=admin)
    rows = list(first.records.order_by("key").values_list("pk", flat=True)[: ACCEPTED + 2])
    for n, pk in enumerate(rows):
        if n < len(REJECTIONS):
            services.decide_record(pk, actor=admin, accept=False, reason=REJECTIONS[n])
        else:
            services.decide_record(pk, actor=admin, accept=True)
    services.create_submission(program, actor=admin)
    world.counts["national_submissions"] = 2
