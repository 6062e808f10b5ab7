"""Projects for cases, reached through the real services (funding.tests.cases), and cases on
them. `accepted(world, clock, level=3)` locks a T1 at 三级 (every option at its highest and ten
scenes at 三级: 100 points)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dxpilot.assessment import engine
from dxpilot.assessment.tests.test_report_support import lock_onsite, scenes
from dxpilot.cases import services
from dxpilot.cases.models import Case
from dxpilot.funding.services import acceptance as acceptance_services
from dxpilot.funding.services import decision
from dxpilot.funding.tests.cases import (
    APPLY_AT,
    SHANGHAI,
    T1_DAY,
    completed_case,
    lock_assessment,
)
from dxpilot.funding.tests.cases import (
    Case as ProjectCase,
)
from dxpilot.testing import World


def best_answers() -> dict[str, Any]:
    iset = engine.load_indicator_set("2024")
    answers: dict[str, Any] = {}
    for dim in iset.dimensions:
        for sub in dim.subdimensions:
            for q in sub.questions:
                keys = [o.key for o in q.options if o.key != q.none_key]
                answers[q.code] = keys if q.is_multi else keys[-1]
    return answers


def accepted(world: World, clock: Any, *, level: int = 2, **kwargs: Any) -> ProjectCase:
    """A project accepted on 2025-08-01 with a locked T1 at `level` (2 or 3)."""
    case = completed_case(world, clock, **kwargs)
    clock.move_to(datetime(2025, 7, 10, 15, tzinfo=SHANGHAI))
    if level >= 3:
        lock_onsite(
            world, case.enterprise, best_answers(), scenes(3, 10),
            kind="onsite_after", assessed_on=T1_DAY,
        )  # fmt: skip
    else:
        lock_assessment(world, case.enterprise, level, "onsite_after", T1_DAY)
    clock.move_to(APPLY_AT)
    acceptance_services.apply_for_acceptance(case.project.pk, actor=case.user)
    acceptance = case.refresh().acceptances.order_by("-round").first()
    assert acceptance is not None
    officer = (
        world.officer_b if case.enterprise.division_id == world.division_b.pk else world.officer_a
    )
    clock.move_to(datetime(2025, 7, 20, 10, tzinfo=SHANGHAI))
    acceptance_services.pass_district_check(acceptance.pk, actor=officer, opinion="材料齐全。")
    decision.assign_expert(acceptance.pk, actor=world.city_admin, expert_id=world.assessor.pk)
    clock.move_to(datetime(2025, 7, 25, 10, tzinfo=SHANGHAI))
    decision.review_acceptance(
        acceptance.pk, actor=world.assessor, score="88", opinion="达成目标。"
    )
    clock.move_to(datetime(2025, 8, 1, 10, tzinfo=SHANGHAI))
    decision.decide_acceptance(acceptance.pk, actor=world.city_admin, accept=True)
    case.refresh()
    return case


def draft(
    world: World,
    project_case: ProjectCase,
    *,
    kind: str = "sample",
    actor: Any = None,
    **extra: Any,
) -> Case:
    data = services.CaseData(
        kind=kind,
        title=extra.pop("title", f"{project_case.enterprise.name}数字化改造"),
        summary=extra.pop("summary", "上线 MES 与云 ERP，生产效率提升三成。"),
        body=extra.pop("body", "企业通过设备联网和生产执行系统实现了生产过程透明化。"),
        **extra,
    )
    return services.draft_case(project_case.project.pk, data, actor=actor or world.city_admin)


def published(world: World, project_case: ProjectCase, *, kind: str = "sample") -> Case:
    case = draft(world, project_case, kind=kind)
    services.submit_case(case.pk, actor=world.city_admin)
    return services.publish_case(case.pk, actor=world.city_admin)
