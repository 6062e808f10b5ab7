"""The completion date decides the subsidy's year (合肥: 50% in 2024, 40% in 2025), so it must
hold up against the archive's own dates, and once filed it changes only by a recorded decision
of the city (issue 13.3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.audit.models import AuditEntry
from dxpilot.funding.tests.cases import clock, completed_case
from dxpilot.programs.evidence import EvidenceKind
from dxpilot.projects.models import InvestmentLine, ProjectEvent, TransformationProject
from dxpilot.projects.services.project import complete_project, correct_completion_date
from dxpilot.testing import World

__all__ = ["clock"]


def errors(call: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


def ready_to_complete(world: World, clock: Any) -> Any:
    """Milestone done on 2025-06-20, archive submitted, completion not yet filed."""
    archive = tuple(k for k in EvidenceKind.values if k != EvidenceKind.COMPLETION_REPORT)
    case = completed_case(world, clock, archive=archive, user=world.enterprise_user)
    from dxpilot.funding.tests.cases import pdf
    from dxpilot.projects.services.evidence import submit_evidence, upload_evidence

    report = upload_evidence(
        case.project.pk, actor=case.user, kind=EvidenceKind.COMPLETION_REPORT, upload=pdf("r")
    )
    submit_evidence(report.pk, actor=case.user)
    return case


def test_a_completion_before_the_last_milestone_is_refused(world: World, clock: Any) -> None:
    case = ready_to_complete(world, clock)
    found = errors(
        lambda: complete_project(case.project.pk, actor=case.user, completed_on=date(2025, 6, 1))
    )
    assert found["completed_on"] == [
        "完工日期 2025-06-01 早于里程碑“系统上线”的完成日期 2025-06-20。"
    ]
    assert TransformationProject.objects.get(pk=case.project.pk).completed_on is None


def test_backdating_into_the_year_of_the_higher_ratio_is_refused(world: World, clock: Any) -> None:
    """Invoiced and paid in April 2025: a 2024 completion (50% instead of 40%) is refused."""
    case = ready_to_complete(world, clock)
    case.project.milestones.update(actual_on=date(2024, 12, 1), planned_on=date(2024, 12, 1))
    found = errors(
        lambda: complete_project(case.project.pk, actor=case.user, completed_on=date(2024, 12, 30))
    )
    assert any("最后一笔开票在 2025-04-10" in e for e in found["completed_on"])
    assert any("最后一笔付款在 2025-04-20" in e for e in found["completed_on"])
    assert not ProjectEvent.objects.filter(project=case.project, kind="complete").exists()


def test_the_city_corrects_a_filed_date_with_a_reason(world: World, clock: Any) -> None:
    case = completed_case(world, clock, user=world.enterprise_user)  # filed: 2025-06-30
    with pytest.raises(PermissionDenied):
        correct_completion_date(
            case.project.pk, actor=case.user, completed_on=date(2025, 6, 25), reason="笔误"
        )
    found = errors(
        lambda: correct_completion_date(
            case.project.pk, actor=world.city_admin, completed_on=date(2025, 6, 1), reason=" "
        )
    )
    assert found == {
        "reason": ["请写明更正完工日期的理由和依据。"],
        "completed_on": ["完工日期 2025-06-01 早于里程碑“系统上线”的完成日期 2025-06-20。"],
    }
    before = AuditEntry.objects.count()
    correct_completion_date(
        case.project.pk,
        actor=world.city_admin,
        completed_on=date(2025, 6, 25),
        reason="完工报告落款日期为 6 月 25 日。",
    )
    project = TransformationProject.objects.get(pk=case.project.pk)
    assert project.completed_on == date(2025, 6, 25)
    event = ProjectEvent.objects.get(project=project, kind="completion_corrected")
    assert event.text == "市级更正完工日期：2025-06-30 → 2025-06-25。"
    assert event.reasons == ["完工报告落款日期为 6 月 25 日。"]
    assert AuditEntry.objects.count() == before + 1


def test_no_correction_moves_the_date_before_the_invoices_year(world: World, clock: Any) -> None:
    case = completed_case(world, clock, user=world.enterprise_user)
    InvestmentLine.objects.filter(project=case.project).update(invoice_on=date(2025, 4, 10))
    case.project.milestones.update(actual_on=date(2024, 12, 1))
    found = errors(
        lambda: correct_completion_date(
            case.project.pk, actor=world.city_admin, completed_on=date(2024, 12, 20), reason="x"
        )
    )
    assert any("决定奖补比例" in e for e in found["completed_on"])


def test_the_correction_form_is_the_city_admins_on_the_project_page(
    world: World, clock: Any
) -> None:
    from dxpilot.testing import client_for

    case = completed_case(world, clock, user=world.enterprise_user)
    page = f"/projects/{case.project.pk}/"
    url = f"/projects/{case.project.pk}/completion/correct/"
    assert url in client_for(world.city_admin).get(page).content.decode()
    assert url not in client_for(case.user).get(page).content.decode()
    assert (
        client_for(case.user).post(url, {"completed_on": "2025-06-25", "reason": "x"}).status_code
        == 403
    )
    refused = client_for(world.city_admin).post(
        url, {"completed_on": "2025-06-01", "reason": "笔误"}
    )
    assert refused.status_code == 200
    assert "早于里程碑“系统上线”的完成日期 2025-06-20" in refused.content.decode()
    assert TransformationProject.objects.get(pk=case.project.pk).completed_on == date(2025, 6, 30)
    done = client_for(world.city_admin).post(
        url, {"completed_on": "2025-06-25", "reason": "完工报告落款日期。"}
    )
    assert done.status_code == 302
    assert TransformationProject.objects.get(pk=case.project.pk).completed_on == date(2025, 6, 25)
