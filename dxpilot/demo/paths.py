"""Where each demo project stands and when its steps happen: one Path per enterprise, decided by a
seeded generator, with dates that follow the Hefei programme and never lie in the future."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from dxpilot.assessment.models import Assessment
from dxpilot.funding.models import Acceptance
from dxpilot.projects.models import (
    ProjectStatus,
    TransformationProject,
)

BATCH = 2000
P, A = ProjectStatus, Acceptance.Status
ARCHIVE = ("contract", "invoice", "payment", "investment_list", "financial_statement", "completion_report",
           "effect", "post_self_assessment", "declaration")  # fmt: skip
DEMO_FILE = "evidence/demo/示例档案材料.pdf"
DEMO_PDF = b"%PDF-1.4\n% dxpilot demo evidence\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
LINES = [("software", "MES 生产执行系统"), ("software", "ERP 经营管理系统"), ("cloud", "工业互联网平台订阅"),
         ("cloud", "云 WMS 仓储管理"), ("data_devices", "设备联网网关"), ("data_devices", "数据采集传感器"),
         ("consulting", "数字化诊断咨询"), ("other_hardware", "工控机")]  # fmt: skip
# Where projects without a T1 stand, and where those with a 二级+ T1 stand.
EARLY = (
    [P.PLANNING] * 2 + [P.CONTRACTED] * 2 + [P.IMPLEMENTING] * 3 + [P.COMPLETED] * 2 + ["waiting"]
)
LATE = (
    ["applied", "district_checked", "expert_reviewed", "returned"]
    + ["accepted"] * 2
    + ["approved"] * 2
    + [P.SUBSIDISED] * 4
    + [P.CLOSED] * 2
)


# A state whose step would lie in the future falls back: state → (earlier state, date it needs).
FALLBACK = {
    P.CLOSED: (P.SUBSIDISED, "followed"), P.SUBSIDISED: ("expert_reviewed", "decided"),
    "approved": ("expert_reviewed", "decided"), "accepted": ("expert_reviewed", "decided"),
    "refused": ("applied", "decided"), "expert_reviewed": ("district_checked", "reviewed"),
    "district_checked": ("applied", "district"), "returned": ("applied", "district"), "applied": (P.COMPLETED, "applied"),
}  # fmt: skip


@dataclass
class Path:
    """One enterprise's project as it will be inserted."""

    enterprise_id: int
    user_id: int  # the enterprise's own user, else the city admin acting for it
    has_user: bool
    name: str
    t0: tuple[int, int]  # (assessment pk, level)
    t1: tuple[int, int, date | None] | None
    state: str
    project: TransformationProject = None  # type: ignore[assignment]  # set when inserted
    events: list[tuple[str, str, str, datetime, list[str]]] = field(default_factory=list)
    lines: list[tuple[str, str, Decimal, int | None]] = field(default_factory=list)
    dates: dict[str, Any] = field(default_factory=dict)


def moment(rng: random.Random, day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 17), rng.randint(0, 59))))


def latest(kind: str, enterprises: Any) -> dict[int, tuple[int, int, date | None]]:
    rows = Assessment.objects.filter(
        enterprise__in=enterprises, kind=kind, status=Assessment.Status.LOCKED
    )
    latest: dict[int, tuple[int, int, date | None]] = {}
    for pk, enterprise_id, level, day in rows.order_by("locked_at", "pk").values_list(
        "pk", "enterprise_id", "level", "assessed_on"
    ):
        latest[enterprise_id] = (pk, level or 0, day)
    return latest


def plan_path(rng: random.Random, path: Path, admitted: date, today: date) -> None:
    """Dates of the path in the Hefei window, from the enterprise's admission: baseline, contract,
    invoices, completion (by 2025-12-20, so the subsidy rule applies), T1, acceptance steps, the
    follow-up a year on. A state whose step would lie in the future falls back to an earlier one."""
    d = path.dates
    d["opened"] = admitted + timedelta(days=rng.randint(10, 60))
    d["t0"] = d["opened"] - timedelta(days=rng.randint(3, 9))
    d["signed"] = d["opened"] + timedelta(days=rng.randint(15, 40))
    d["invoiced"] = d["signed"] + timedelta(days=rng.randint(20, 60))
    d["paid"] = d["invoiced"] + timedelta(days=rng.randint(3, 20))
    d["completed"] = min(d["signed"] + timedelta(days=rng.randint(90, 200)), date(2025, 12, 20))
    d["t1"] = d["completed"] + timedelta(days=rng.randint(10, 40))
    d["applied"] = d["completed"] + timedelta(days=rng.randint(5, 60))
    d["district"] = max(d["applied"], d["t1"]) + timedelta(days=rng.randint(3, 15))
    d["reviewed"] = d["district"] + timedelta(days=rng.randint(5, 20))
    d["decided"] = d["reviewed"] + timedelta(days=rng.randint(3, 10))
    d["followed"] = d["decided"] + timedelta(days=rng.randint(365, 420))
    while path.state in FALLBACK and d[FALLBACK[path.state][1]] > today:
        path.state = FALLBACK[path.state][0]


def align_assessments(paths: list[Path]) -> None:
    """The demo assessments were dated before projects existed; move each project's T0 and T1
    onto its timeline (T0 before the project opens, T1 after completion)."""
    moved: list[Assessment] = []
    for path in paths:
        for ref, day in ((path.t0, path.dates["t0"]), (path.t1, path.dates["t1"])):
            if ref is None:
                continue
            at = moment(random.Random(ref[0]), day)
            moved.append(
                Assessment(pk=ref[0], assessed_on=day, locked_at=at, submitted_at=at, created_at=at)
            )
    Assessment.objects.bulk_update(
        moved, ["assessed_on", "locked_at", "submitted_at", "created_at"], batch_size=BATCH
    )


def status_of(path: Path) -> str:
    return {"applied": P.ACCEPTANCE, "district_checked": P.ACCEPTANCE, "expert_reviewed": P.ACCEPTANCE,
            "returned": P.COMPLETED, "accepted": P.ACCEPTED, "approved": P.ACCEPTED, "refused": P.REFUSED}.get(path.state, path.state)  # fmt: skip
