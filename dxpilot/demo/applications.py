"""Demo applications (申报) in every status, consistent with the enterprises' `is_pilot` flag.

Every pilot enterprise has an admitted application in one of the enterprise batches (some after
a return and a resubmission); a sample of the others applied and stand anywhere in the flow;
a few admitted enterprises later left the pilot and another enterprise filled the seat (递补).
Rows are bulk-inserted with their events and files, like the other demo steps; nothing is
created when the programme already has applications (a second run adds nothing).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from dxpilot.accounts.models import Role, User
from dxpilot.enterprises.eligibility import evaluate
from dxpilot.enterprises.models import (
    REQUIRED_ATTACHMENTS,
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
    Enterprise,
    SizeClass,
)
from dxpilot.enterprises.selectors import (
    eligibility_facts,
    enterprise_batches,
    pilot_industry_codes,
)
from dxpilot.programs.models import Batch

BATCH = 2000
S = ApplicationStatus
A = ApplicationEvent.Action
# Where the applications that are not (yet) admitted stand.
PENDING = (
    [S.DRAFT] * 2 + [S.SUBMITTED] * 3 + [S.RESUBMITTED] + [S.DISTRICT_PASSED] * 3 + [S.RETURNED] * 2
)
FINAL = [S.REJECTED] * 2 + [S.WITHDRAWN]
RETURN_REASONS = [
    "申报书未盖章或签字不全，请补充。",
    "财务报表不完整，请上传近两年完整的财务报表。",
    "数字化转型需求或方案过于简单，请说明现状、拟改造场景和目标。",
    "材料扫描件不清晰，请重新上传。",
]
REJECT_REASONS = [
    "经核实，企业已获得2022年中央财政资金支持，不再重复支持。",
    "数字化改造需求与试点方向不符。",
]
NEEDS = [
    "生产计划靠人工排程，设备数据未采集；拟上线 MES 和设备联网，打通计划、生产、质量数据，目标达到二级。",
    "订单和库存分散在多个表格中；拟部署云 ERP 与 WMS，实现采购、仓储、财务一体化管理。",
    "质量检验依赖人工记录；拟引入质量管理系统和在线检测，降低不良率并实现质量追溯。",
]
DEMO_FILE = "applications/demo/示例材料.pdf"
DEMO_PDF = b"%PDF-1.4\n% dxpilot demo attachment\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class Plan:
    enterprise_id: int
    batch: Batch
    status: str
    returned: bool = False  # went through a return and a resubmission
    left: bool = False  # admitted, then withdrew (退出试点)
    replaces_enterprise: int | None = None
    events: list[tuple[str, str, str, datetime, list[str]]] = field(default_factory=list)
    stamps: dict[str, Any] = field(default_factory=dict)


def _at(rng: random.Random, day: date) -> datetime:
    return timezone.make_aware(
        datetime.combine(day, time(hour=rng.randint(9, 17), minute=rng.randint(0, 59)))
    )


def _history(plan: Plan, rng: random.Random) -> dict[str, Any]:
    """The events (action, from, to, at, reasons) and timestamps of one application's path."""
    b = plan.batch
    span = max(1, (b.closes_on - b.opens_on).days)
    t = _at(rng, b.opens_on + timedelta(days=rng.randint(0, span // 2)))
    ev = plan.events
    ev.append((A.START, "", S.DRAFT, t, []))
    stamps: dict[str, Any] = {"created_at": t}
    if plan.status == S.DRAFT:
        return stamps
    t += timedelta(days=rng.randint(1, 6))
    ev.append((A.SUBMIT, S.DRAFT, S.SUBMITTED, t, []))
    stamps.update(submitted_at=t, pledged_at=t)
    if plan.status == S.SUBMITTED or (plan.status == S.WITHDRAWN and not plan.left):
        if plan.status == S.WITHDRAWN:
            t += timedelta(days=rng.randint(1, 5))
            ev.append(
                (A.WITHDRAW, S.SUBMITTED, S.WITHDRAWN, t, ["企业经营计划调整，暂不参加本批试点。"])
            )
            stamps["withdrawn_at"] = t
        return stamps
    if plan.returned or plan.status in (S.RETURNED, S.RESUBMITTED):
        t += timedelta(days=rng.randint(2, 8))
        reasons = rng.sample(RETURN_REASONS, k=rng.choice((1, 2)))
        ev.append((A.RETURN, S.SUBMITTED, S.RETURNED, t, reasons))
        stamps.update(reasons=reasons, return_count=1)
        if plan.status == S.RETURNED:
            return stamps
        t += timedelta(days=rng.randint(2, 6))
        ev.append((A.RESUBMIT, S.RETURNED, S.RESUBMITTED, t, []))
        stamps.update(submitted_at=t, pledged_at=t)
        if plan.status == S.RESUBMITTED:
            return stamps
    before = ev[-1][2]
    t += timedelta(days=rng.randint(3, 10))
    ev.append((A.DISTRICT_PASS, before, S.DISTRICT_PASSED, t, []))
    stamps["district_passed_at"] = t
    if plan.status == S.DISTRICT_PASSED:
        return stamps
    t = max(t, _at(rng, b.closes_on)) + timedelta(days=rng.randint(5, 20))
    stamps["decided_at"] = t
    if plan.status == S.REJECTED:
        reasons = [rng.choice(REJECT_REASONS)]
        ev.append((A.REJECT, S.DISTRICT_PASSED, S.REJECTED, t, reasons))
        stamps["reasons"] = reasons
        return stamps
    ev.append((A.ADMIT, S.DISTRICT_PASSED, S.ADMITTED, t, []))
    stamps["admitted_at"] = t
    if plan.left:
        t += timedelta(days=rng.randint(60, 200))
        ev.append((A.WITHDRAW, S.ADMITTED, S.WITHDRAWN, t, ["企业因经营调整主动退出试点。"]))
        stamps["withdrawn_at"] = t
    return stamps


def _admit_replacements_after_the_leavers(plans: list[Plan], rng: random.Random) -> None:
    """A replacement waited (初审通过) until the seat was vacated, then was admitted."""
    leavers = {p.enterprise_id: p for p in plans if p.left}
    for plan in plans:
        leaver = leavers.get(plan.replaces_enterprise or 0)
        if leaver is None:
            continue
        at = leaver.stamps["withdrawn_at"] + timedelta(days=rng.randint(7, 20))
        action, before, after, _old, reasons = plan.events[-1]
        plan.events[-1] = (action, before, after, at, reasons)
        plan.stamps.update(decided_at=at, admitted_at=at)


def _plans(world: Any, batches: list[Batch]) -> list[Plan]:
    rng = world.rng
    rows = list(
        Enterprise.objects.filter(program=world.program)
        .exclude(size_class=SizeClass.LARGE)
        .values_list("pk", "is_pilot")
        .order_by("pk")
    )
    pilots = [pk for pk, is_pilot in rows if is_pilot]
    others = [pk for pk, is_pilot in rows if not is_pilot]
    rng.shuffle(others)
    early, latest = batches[:-1] or batches, batches[-1]
    plans = [
        Plan(pk, rng.choice(batches), S.ADMITTED, returned=rng.random() < 0.25) for pk in pilots
    ]
    # A few enterprises left the pilot after admission; a pilot of the same batch took each seat.
    leavers = others[: max(1, len(pilots) // 20)] if pilots else []
    candidates = {b.pk: iter([p for p in plans if p.batch.pk == b.pk]) for b in batches}
    for n, pk in enumerate(leavers):
        plan = Plan(pk, early[n % len(early)], S.WITHDRAWN, left=True)
        plans.append(plan)
        replacement = next(candidates[plan.batch.pk], None)
        if replacement is not None:
            replacement.replaces_enterprise = pk
    sample = others[len(leavers) : len(leavers) + len(others) // 4]
    for pk in sample:
        status = rng.choice(PENDING + FINAL)
        plans.append(Plan(pk, latest if status in PENDING else rng.choice(early), status))
    return plans


def _demo_file() -> tuple[str, str, int]:
    if not default_storage.exists(DEMO_FILE):
        default_storage.save(DEMO_FILE, ContentFile(DEMO_PDF))
    return DEMO_FILE, hashlib.sha256(DEMO_PDF).hexdigest(), len(DEMO_PDF)


def create_applications(world: Any) -> None:
    program, rng = world.program, world.rng
    batches = enterprise_batches(program)
    if not batches or Application.objects.filter(batch__program=program).exists():
        return
    plans = _plans(world, batches)
    users = User.objects.filter(username__startswith="demo-")
    city = users.filter(role=Role.CITY_ADMIN).values_list("pk", flat=True).first()
    officer_of: dict[int, int] = {}
    for user_id, division_id in User.divisions.through.objects.filter(user__in=users).values_list(
        "user_id", "division_id"
    ):
        officer_of.setdefault(division_id, user_id)
    enterprise_user = dict(users.filter(role=Role.ENTERPRISE).values_list("enterprise_id", "pk"))
    enterprises = {e.pk: e for e in Enterprise.objects.filter(pk__in=[p.enterprise_id for p in plans])
                   .select_related("division", "zone", "industry", "segment")}  # fmt: skip
    pilot_codes = pilot_industry_codes(program)
    demo_enterprise = (
        users.filter(username="demo-enterprise").values_list("enterprise_id", flat=True).first()
    )

    for plan in plans:
        if plan.enterprise_id == demo_enterprise and plan.status == S.ADMITTED:
            # The demo login shows a whole path: returned, resubmitted, admitted.
            plan.returned = True
        plan.stamps = _history(plan, rng)
    _admit_replacements_after_the_leavers(plans, rng)
    rows: list[Application] = []
    for plan in plans:
        stamps = plan.stamps
        enterprise = enterprises[plan.enterprise_id]
        facts = eligibility_facts(
            enterprise, program, previously_funded=False, pilot_industries=pilot_codes
        )
        facts = replace(facts, is_pilot=False)
        rows.append(Application(
            batch=plan.batch, enterprise_id=plan.enterprise_id, status=plan.status, version=len(plan.events) - 1,
            needs_summary=rng.choice(NEEDS) if plan.status != S.DRAFT or rng.random() < 0.5 else "",
            previously_funded=False if plan.status != S.DRAFT else None,
            eligibility=evaluate(facts).to_dict() if stamps.get("submitted_at") else None,
            created_by_id=enterprise_user.get(plan.enterprise_id), **stamps,
        ))  # fmt: skip
    Application.objects.bulk_create(rows, batch_size=BATCH)
    saved = {
        (a.batch_id, a.enterprise_id): a for a in Application.objects.filter(batch__program=program)
    }
    # Replacements (递补) point at the application whose seat they took.
    by_enterprise = {(p.batch.pk, p.enterprise_id): p for p in plans}
    replaced_pairs = []
    for plan in plans:
        if plan.replaces_enterprise is not None:
            application = saved[(plan.batch.pk, plan.enterprise_id)]
            application.replaces = saved[(plan.batch.pk, plan.replaces_enterprise)]
            replaced_pairs.append(application)
    Application.objects.bulk_update(replaced_pairs, ["replaces"], batch_size=BATCH)

    events: list[ApplicationEvent] = []
    files: list[ApplicationAttachment] = []
    name, digest, size = _demo_file()
    for (batch_id, enterprise_id), application in saved.items():
        plan = by_enterprise[(batch_id, enterprise_id)]
        enterprise = enterprises[enterprise_id]
        officer = officer_of.get(enterprise.division_id) or officer_of.get(enterprise.zone_id or 0)
        for action, before, after, at, reasons in plan.events:
            by_city = action in (A.ADMIT, A.REJECT) or (
                action == A.WITHDRAW and before == S.ADMITTED and rng.random() < 0.3
            )
            actor, role = ((city, Role.CITY_ADMIN) if by_city else
                           (officer, Role.DISTRICT_OFFICER) if action in (A.RETURN, A.DISTRICT_PASS) else
                           (enterprise_user.get(enterprise_id), Role.ENTERPRISE))  # fmt: skip
            events.append(ApplicationEvent(application=application, action=action, from_status=before, to_status=after,
                                           actor_id=actor, actor_role=role, reasons=reasons, at=at))  # fmt: skip
        uploader = enterprise_user.get(enterprise_id) or city
        if plan.status != S.DRAFT and uploader is not None:
            files.extend(
                ApplicationAttachment(
                    application=application, kind=kind, file=name, original_name=f"{kind.label}.pdf",
                    content_type="application/pdf", size=size, sha256=digest, uploaded_by_id=uploader,
                    uploaded_at=application.created_at + timedelta(hours=2),
                )
                for kind in REQUIRED_ATTACHMENTS
            )  # fmt: skip
    for replacement in replaced_pairs:
        if replacement.replaces is None:
            continue
        events.append(ApplicationEvent(
            application=replacement.replaces, action=A.REPLACE, from_status=S.WITHDRAWN, to_status=S.WITHDRAWN,
            actor_id=city, actor_role=Role.CITY_ADMIN, comment=f"名额由“{enterprises[replacement.enterprise_id].name}”递补。",
            at=replacement.admitted_at or timezone.now(),
        ))  # fmt: skip
    ApplicationEvent.objects.bulk_create(events, batch_size=BATCH)
    ApplicationAttachment.objects.bulk_create(files, batch_size=BATCH)
    world.counts["applications"] = len(saved)
