"""Demo assessments with a realistic spread: most enterprises start at 一级/二级 (T0), pilots that
finished their transformation have a T1 a level or so higher, and many have a self-assessment.

Sheets are generated from a per-enterprise "maturity", scored by the real engine and bulk-inserted.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from dxpilot.accounts.models import Role, User
from dxpilot.assessment import engine
from dxpilot.assessment.models import Assessment
from dxpilot.enterprises.models import Enterprise

BATCH = 2000
CENT = Decimal("0.01")


def random_sheet(rng: random.Random, iset: engine.IndicatorSet, maturity: float) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in iset.questions:
        keys = [o.key for o in question.options if o.key != question.none_key]
        if question.is_multi:
            chosen = [k for k in keys if rng.random() < maturity]
            answers[question.code] = chosen or (
                [question.none_key] if question.none_key else keys[:1]
            )
        else:
            index = round(maturity * (len(question.options) - 1) + rng.gauss(0, 0.8))
            answers[question.code] = question.options[
                max(0, min(len(question.options) - 1, index))
            ].key
    scenes = {s.name: max(0, min(4, round(maturity * 4 + rng.gauss(0, 0.9)))) for s in iset.scenes}
    return {"edition": iset.edition, "industry": "", "answers": answers, "scenes": scenes}


def _scored(
    iset: engine.IndicatorSet, sheet: dict[str, Any]
) -> tuple[engine.ScoreResult, dict[str, Any]]:
    result = engine.score_sheet(sheet)
    return result, result.to_dict()


def create_assessments(world: Any) -> None:
    program = world.program
    iset = engine.load_indicator_set(program.assessment_edition)
    # demo-assessor keeps one open task only (see _open_assignment), so it is not in the pool.
    pool = User.objects.filter(role=Role.ASSESSOR, provider__isnull=True).exclude(
        username="demo-assessor"
    )
    assessors = list(pool.values_list("pk", flat=True))
    if not assessors:
        return
    now = timezone.now()
    rows: list[Assessment] = []
    levels: list[tuple[int, int, Decimal, int]] = []  # (enterprise pk, level, total, row index)
    # Idempotent: only enterprises without assessments, each with its own seeded generator, so a
    # second run makes the same decisions and adds nothing.
    enterprises = (
        Enterprise.objects.filter(program=program, assessments__isnull=True)
        .values_list("pk", "is_pilot")
        .order_by("pk")
    )
    for pk, is_pilot in enterprises.iterator(chunk_size=BATCH):
        rng = random.Random(pk * 7919 + 2024)
        if not is_pilot and rng.random() > 0.35:
            continue
        maturity = rng.betavariate(2.0, 3.5)
        when = now - timedelta(days=rng.randint(200, 600))
        if rng.random() < 0.7:
            sheet = random_sheet(rng, iset, maturity)
            result, payload = _scored(iset, sheet)
            rows.append(Assessment(enterprise_id=pk, kind=Assessment.Kind.SELF, edition=iset.edition,
                                   status=Assessment.Status.SUBMITTED, answers=sheet["answers"], scenes=sheet["scenes"],
                                   result=payload, total=result.total.quantize(CENT, ROUND_HALF_UP), level=result.level,
                                   pledged_at=when, submitted_at=when, created_at=when))  # fmt: skip
        if is_pilot:
            for kind, lift, days in (
                (Assessment.Kind.ONSITE_BEFORE, 0.0, 30),
                (Assessment.Kind.ONSITE_AFTER, 0.22, 330),
            ):
                if kind == Assessment.Kind.ONSITE_AFTER and rng.random() > 0.45:
                    break
                sheet = random_sheet(rng, iset, min(1.0, maturity + lift))
                result, payload = _scored(iset, sheet)
                at = when + timedelta(days=days)
                rows.append(Assessment(enterprise_id=pk, kind=kind, edition=iset.edition, status=Assessment.Status.LOCKED,
                                       assessor_id=rng.choice(assessors), answers=sheet["answers"], scenes=sheet["scenes"],
                                       result=payload, total=result.total.quantize(CENT, ROUND_HALF_UP), level=result.level,
                                       assessed_on=at.date(), submitted_at=at, locked_at=at, created_at=at))  # fmt: skip
                levels.append(
                    (pk, result.level, result.total.quantize(CENT, ROUND_HALF_UP), len(rows) - 1)
                )
    created = Assessment.objects.bulk_create(rows, batch_size=BATCH)
    # The latest locked on-site assessment of each enterprise becomes its current level.
    latest: dict[int, tuple[int, Decimal, int]] = {}
    for pk, level, total, index in levels:
        latest[pk] = (level, total, index)
    updates = []
    for pk, (level, total, index) in latest.items():
        updates.append(
            Enterprise(pk=pk, level=level, level_total=total, level_assessment_id=created[index].pk)
        )
    Enterprise.objects.bulk_update(
        updates, ["level", "level_total", "level_assessment"], batch_size=BATCH
    )
    world.counts["assessments"] = len(created) + _open_assignment()


def _open_assignment() -> int:
    """One open on-site assessment for demo-assessor, starting from a submitted self-assessment."""
    assessor = User.objects.filter(username="demo-assessor").first()
    reference = (
        Assessment.objects.filter(kind=Assessment.Kind.SELF, status=Assessment.Status.SUBMITTED)
        .exclude(enterprise__assessments__kind=Assessment.Kind.ONSITE_BEFORE)
        .order_by("pk")
        .first()
    )
    if (
        assessor is None
        or reference is None
        or Assessment.objects.filter(assessor=assessor).exists()
    ):
        return 0
    Assessment.objects.create(enterprise_id=reference.enterprise_id, kind=Assessment.Kind.ONSITE_BEFORE,
                              edition=reference.edition, assessor=assessor, reference=reference,
                              answers=dict(reference.answers), scenes=dict(reference.scenes))  # fmt: skip
    return 1
