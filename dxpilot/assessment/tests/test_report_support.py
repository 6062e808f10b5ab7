"""Assessments for the report tests, reached through the services (never raw rows).

Helpers only, no tests: named test_report_* because the report's tests own that pattern."""

from __future__ import annotations

from datetime import date
from typing import Any

from dxpilot.assessment import engine, services
from dxpilot.assessment.models import Assessment
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.services import register_enterprise
from dxpilot.testing import World, enterprise_data, valid_code

# Points: B1.1 B,C=4; B1.2 D=4.5; B1.3 C=3; B2.1 B-F=3.5; B3.1 C=5; B4.1 B=1.25; B4.2 B=1.25
# (22.5) · M1.1 C=3; M1.2 B=1.875; M2.1 B,C=3; M2.2 B=1.875 (9.75) · E1.1-E3.2 B (10) = 42.25
ANSWERS: dict[str, Any] = {
    "B1.1": ["B", "C"], "B1.2": "D", "B1.3": "C", "B2.1": ["B", "C", "D", "E", "F"], "B3.1": "C",
    "B4.1": ["B"], "B4.2": ["B"], "M1.1": "C", "M1.2": ["B"], "M2.1": ["B", "C"], "M2.2": "B",
    "E1.1": "B", "E2.1": "B", "E3.1": "B", "E3.2": "B",
}  # fmt: skip
TOTAL = "42.25"
# B3.1 is worth 0 / 2.5 / 5 / 7.5 / 10 for A-E and M1.1 0 / 1.5 / 3 / 4.5 / 6 / 7.5 for A-F:
# changing them moves the total by a known amount from 42.25.
B31_DELTA = {"A": "-5", "B": "-2.5", "C": "0", "D": "2.5", "E": "5"}


def scenes(level: int = 2, count: int = 6) -> dict[str, int]:
    """`count` scenes at `level` (constraint scenes first), the other scenes at level 1."""
    iset = engine.load_indicator_set("2024")
    names = sorted(iset.scene_names, key=lambda n: not iset.scene_by_name[n].constraint)
    return {name: (level if n < count else 1) for n, name in enumerate(names)}


def answers(**changes: Any) -> dict[str, Any]:
    return {**ANSWERS, **{code.replace("_", "."): value for code, value in changes.items()}}


def submit_self(
    world: World, sheet: dict[str, Any] | None = None, scene_levels: dict[str, int] | None = None
) -> Assessment:
    a = services.start_self_assessment(world.enterprise_a.pk, actor=world.enterprise_user)
    services.save_draft(
        a.pk, actor=world.enterprise_user, answers=sheet or ANSWERS, scenes=scene_levels or scenes()
    )
    return services.submit_self_assessment(a.pk, actor=world.enterprise_user, pledge=True)


def lock_onsite(
    world: World,
    enterprise: Enterprise,
    sheet: dict[str, Any] | None = None,
    scene_levels: dict[str, int] | None = None,
    *,
    reasons: dict[str, str] | None = None,
    kind: str = "onsite_before",
    assessed_on: date | None = None,
) -> Assessment:
    """Assign an on-site assessment and let the assessor set every item and lock it. Items that
    differ from the self-assessment need a reason (`reasons`, else a generic one)."""
    a = services.assign_assessor(
        enterprise.pk, kind=kind, assessor_id=world.assessor.pk, actor=world.city_admin
    )
    reasons = reasons or {}
    for code, value in (sheet or ANSWERS).items():
        if a.answers.get(code) != value:
            services.set_onsite_value(
                a.pk,
                actor=world.assessor,
                item=code,
                value=value,
                reason=reasons.get(code, "现场核实"),
            )
    for name, level in (scene_levels or scenes()).items():
        if a.scenes.get(name) != level:
            services.set_onsite_value(
                a.pk,
                actor=world.assessor,
                item=name,
                value=level,
                reason=reasons.get(name, "现场核实"),
            )
    return services.lock_assessment(
        a.pk, actor=world.assessor, assessed_on=assessed_on or date(2024, 10, 8)
    )


_serial = iter(range(100, 1000))


def peer(
    world: World, *, division: str = "340104", segment: str = "auto-parts", **data: Any
) -> Enterprise:
    """Another enterprise (same segment and size class as enterprise A unless told otherwise)."""
    code = valid_code(f"91{division}MA2TP{next(_serial):04d}"[:17])
    return register_enterprise(
        world.program,
        enterprise_data(code, division, segment_key=segment, **data),
        actor=world.city_admin,
    )
