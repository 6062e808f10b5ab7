"""The acceptance and funding half of the demo projects: acceptance rounds, subsidies computed by
the real rule, disbursement batches, ratings and follow-ups, and a planted shared phone."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone

from dxpilot.accounts.models import User
from dxpilot.assessment.models import Assessment
from dxpilot.demo.paths import BATCH, A, P, Path, moment
from dxpilot.funding import phrases as said
from dxpilot.funding.models import Acceptance, Disbursement, DisbursementBatch, FollowUp, Subsidy
from dxpilot.funding.subsidy_rule import Line, SubsidyRefusedError, compute_subsidy
from dxpilot.projects.models import (
    Contract,
    InvestmentLine,
    ProjectEvent,
)
from dxpilot.providers.models import Provider, ProviderRating


def acceptances(
    paths: list[Path],
    city: User,
    district: User | None,
    experts: list[int],
    events: list[ProjectEvent],
) -> list[Acceptance]:
    rows = []
    checker = district or city
    for path in paths:
        if path.state in (P.PLANNING, P.CONTRACTED, P.IMPLEMENTING, P.COMPLETED):
            continue
        project, rng, d = path.project, random.Random(path.enterprise_id + 3), path.dates
        a = Acceptance(
            project=project,
            round=1,
            status=A.APPLIED,
            applied_by_id=path.user_id,
            applied_at=moment(rng, d["applied"]),
        )
        events.append(ProjectEvent(project=project, kind="acceptance_apply", message=said.ACCEPTANCE_APPLIED.say(round=1), from_status=P.COMPLETED,
                                   to_status=P.ACCEPTANCE, at=a.applied_at))  # fmt: skip
        rows.append(a)
        if path.state == "applied":
            continue
        if path.state == "refused":
            a.status, a.decided_by, a.decided_at = A.REFUSED, city, moment(rng, d["decided"])
            a.post_assessment_id = path.t1[0] if path.t1 else None
            a.decision_reasons = ["改造后现场评测（T1）结果为一级，未达到验收要求的二级。"]
            events.append(ProjectEvent(project=project, kind="acceptance_decision", message=said.REFUSED.say(),
                                       from_status=P.ACCEPTANCE, to_status=P.REFUSED, reasons=a.decision_reasons, at=a.decided_at))  # fmt: skip
            continue
        a.district_checked_by, a.district_checked_at = checker, moment(rng, d["district"])
        if path.state == "returned":
            a.status, a.decision_reasons = (
                A.RETURNED,
                ["投入清单与发票金额不一致，请核实后重新提交。"],
            )
            events.append(ProjectEvent(project=project, kind="acceptance_return", message=said.RETURNED.say(), from_status=P.ACCEPTANCE,
                                       to_status=P.COMPLETED, reasons=a.decision_reasons, at=a.district_checked_at))  # fmt: skip
            continue
        a.status, a.post_assessment_id, a.district_opinion = (
            A.DISTRICT_CHECKED,
            path.t1[0] if path.t1 else None,
            "材料齐全，与现场一致。",
        )
        a.expert_id = rng.choice(experts) if experts else None
        if path.state == "district_checked" or a.expert_id is None:
            continue
        a.status, a.expert_score = A.EXPERT_REVIEWED, Decimal(rng.randint(7000, 9600)) / 100
        a.expert_opinion, a.expert_reviewed_at = (
            "系统运行正常，改造目标达成。",
            moment(rng, d["reviewed"]),
        )
        if path.state == "expert_reviewed":
            continue
        a.status, a.decided_by, a.decided_at = A.ACCEPTED, city, moment(rng, d["decided"])
        events.append(ProjectEvent(project=project, kind="acceptance_decision", message=said.ACCEPTED.say(),
                                   from_status=P.ACCEPTANCE, to_status=P.ACCEPTED, at=a.decided_at))  # fmt: skip
    return rows


def subsidies(
    program: Any,
    paths: list[Path],
    lines: list[InvestmentLine],
    city: User,
    events: list[ProjectEvent],
) -> list[Subsidy]:
    by_project: dict[int, list[Line]] = {}
    for line in lines:
        by_project.setdefault(line.project_id, []).append(
            Line(line.category, line.description, line.amount, paid=line.paid_amount)
        )
    rows = []
    for path in paths:
        if path.state not in ("accepted", "approved", P.SUBSIDISED, P.CLOSED) or path.t1 is None:
            continue
        project, rng = path.project, random.Random(path.enterprise_id + 4)
        try:
            c = compute_subsidy(
                program.subsidy_rule,
                level=path.t1[1],
                completion_year=path.dates["completed"].year,
                lines=by_project.get(project.pk, []),
            )
        except SubsidyRefusedError:
            continue
        status = Subsidy.Status.COMPUTED if path.state == "accepted" else Subsidy.Status.APPROVED
        at = moment(rng, path.dates["decided"] + timedelta(days=rng.randint(3, 12)))
        rows.append(Subsidy(project=project, completion_year=c.completion_year, level=c.level, eligible_investment=c.eligible_investment,
                            ratio=c.ratio, cap=c.cap, amount=c.amount, explanation=c.explanation, status=status,
                            computed_by=city, computed_at=at))  # fmt: skip
        events.append(
            ProjectEvent(
                project=project,
                kind="subsidy_computed",
                message=said.SUBSIDY_COMPUTED.say(
                    amount=c.amount,
                    eligible=c.eligible_investment,
                    ratio=f"{c.ratio * 100:.0f}",
                    cap=c.cap,
                ),
                at=at,
            )
        )
    return rows


def disburse(
    program: Any,
    paths: list[Path],
    subsidies: list[Subsidy],
    finance: User,
    events: list[ProjectEvent],
    today: date,
) -> None:
    """Subsidised (and closed) projects in paid batches; some approved ones in an approved batch,
    the rest wait for the finance office to put them in a new batch."""
    state = {p.project.pk: p.state for p in paths}
    paid = [
        s for s in subsidies if state[s.project_id] in (P.SUBSIDISED, P.CLOSED) and s.amount > 0
    ]
    waiting = [s for s in subsidies if state[s.project_id] == "approved" and s.amount > 0]
    stage = (program.subsidy_rule.get("disbursement") or [{"key": "settlement"}])[-1]["key"]
    n = (DisbursementBatch.objects.filter(program=program).aggregate(n=Max("pk"))["n"] or 0) + 1
    rows = []
    groups = [(paid[i : i + 200], DisbursementBatch.Status.PAID) for i in range(0, len(paid), 200)]
    groups.append((waiting[: len(waiting) // 2], DisbursementBatch.Status.APPROVED))
    for members, status in groups:
        if not members:
            continue
        when = max(s.computed_at for s in members) + timedelta(days=20)
        when = min(when, timezone.now() - timedelta(days=1))
        batch = DisbursementBatch.objects.create(program=program, name=f"奖补兑现第 {n} 批", stage=stage, status=status,
                                                 created_by=finance, created_at=when - timedelta(days=10), approved_at=when - timedelta(days=5),
                                                 paid_at=when if status == DisbursementBatch.Status.PAID else None)  # fmt: skip
        n += 1
        for s in members:
            rows.append(Disbursement(batch=batch, subsidy=s, stage=stage, amount=s.amount))
            if status == DisbursementBatch.Status.PAID:
                s.status = Subsidy.Status.PAID
                events.append(ProjectEvent(project_id=s.project_id, kind="subsidy_paid", message=said.PAID_ALL.say(amount=s.amount, batch=batch.name),
                                           from_status=P.ACCEPTED, to_status=P.SUBSIDISED, at=when))  # fmt: skip
    Disbursement.objects.bulk_create(rows, batch_size=BATCH)
    Subsidy.objects.bulk_update(paid, ["status"], batch_size=BATCH)


def after(
    paths: list[Path],
    providers: list[int],
    contract_of: dict[int, Contract],
    events: list[ProjectEvent],
) -> None:
    """Ratings of the provider after acceptance; for closed projects a T2 and the follow-up."""
    ratings, followups, t2s = [], [], []
    closed = [p for p in paths if p.state == P.CLOSED and p.t1 is not None]
    t1_rows = {a.pk: a for a in Assessment.objects.filter(pk__in=[p.t1[0] for p in closed])}  # type: ignore[index]
    for path in paths:
        project, rng = path.project, random.Random(path.enterprise_id + 5)
        if (
            path.state in ("accepted", "approved", P.SUBSIDISED, P.CLOSED)
            and project.pk in contract_of
            and path.has_user
        ):
            ratings.append(ProviderRating(provider_id=contract_of[project.pk].provider_id, enterprise_id=path.enterprise_id,
                                          subject=f"project:{project.pk}", score=rng.choice((3, 4, 4, 5, 5)), comment="响应及时，实施规范。",
                                          rated_by_id=path.user_id, rated_at=moment(rng, path.dates["decided"] + timedelta(days=5))))  # fmt: skip
    for path in closed:
        t1 = t1_rows[path.t1[0]]  # type: ignore[index]
        day = path.dates["followed"]
        t2s.append(Assessment(enterprise_id=path.enterprise_id, kind=Assessment.Kind.FOLLOWUP, edition=t1.edition, status=Assessment.Status.LOCKED,
                              assessor_id=t1.assessor_id, answers=t1.answers, scenes=t1.scenes, result=t1.result, total=t1.total, level=t1.level,
                              assessed_on=day, submitted_at=moment(random.Random(path.enterprise_id), day), locked_at=moment(random.Random(path.enterprise_id), day)))  # fmt: skip
    Assessment.objects.bulk_create(t2s, batch_size=BATCH)
    for path, t2 in zip(closed, t2s, strict=True):
        project, rng = path.project, random.Random(path.enterprise_id + 6)
        before = Decimal(rng.randint(2000, 60000)) / 10
        growth = Decimal(rng.randint(-30, 420)) / 1000
        followups.append(FollowUp(project=project, year=path.dates["followed"].year, revenue_before=before,
                                  revenue_after=(before * (1 + growth)).quantize(Decimal("0.01")), land_mu=Decimal(rng.randint(8, 120)),
                                  tax_before=(before * Decimal("0.05")).quantize(Decimal("0.01")),
                                  tax_after=(before * (1 + growth) * Decimal("0.052")).quantize(Decimal("0.01")),
                                  followup_assessment=t2, recorded_by_id=path.user_id, recorded_at=moment(rng, path.dates["followed"])))  # fmt: skip
        rate = (followups[-1].revenue_after / before - 1) if before else None
        events.append(ProjectEvent(project=project, kind="follow_up", message=said.FOLLOWED_UP.say(year=path.dates["followed"].year, rate=rate, level=t2.level or 0),
                                   from_status=P.SUBSIDISED, to_status=P.CLOSED, at=moment(rng, path.dates["followed"])))  # fmt: skip
    ProviderRating.objects.bulk_create(ratings, batch_size=BATCH, ignore_conflicts=True)
    FollowUp.objects.bulk_create(followups, batch_size=BATCH)


def plant_shared_phone(paths: list[Path], contract_of: dict[int, Contract]) -> None:
    """One provider registered with the phone of an enterprise it serves (found by the detector)."""
    from dxpilot.enterprises.models import Enterprise

    for path in paths[7::50][:1]:
        contract = contract_of.get(path.project.pk)
        if contract is None:
            continue
        index = (
            Enterprise.objects.filter(pk=path.enterprise_id)
            .values_list("contact_phone_index", flat=True)
            .first()
        )
        if index:
            Provider.objects.filter(pk=contract.provider_id).update(contact_phone_index=index)
