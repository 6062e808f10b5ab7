"""Acceptance (验收) services: apply, district check, expert review, city decision, and every
refusal with the database unchanged. Projects are reached through the delivery services."""

from __future__ import annotations

import threading
from datetime import date, datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from dxpilot.accounts.models import Role
from dxpilot.accounts.services import create_user
from dxpilot.audit.models import AuditEntry
from dxpilot.funding import rules
from dxpilot.funding.models import Acceptance
from dxpilot.funding.services import acceptance as services
from dxpilot.funding.services import decision
from dxpilot.funding.tests.cases import (
    ARCHIVE,
    SHANGHAI,
    Case,
    applied_case,
    clock,
    completed_case,
    contracted_case,
    pdf,
    reviewed_case,
    with_t1,
)
from dxpilot.projects.models import EvidenceKind, ProjectEvent, ProjectStatus
from dxpilot.projects.services.evidence import upload_evidence
from dxpilot.testing import PASSWORD, World

__all__ = ["clock"]


def footprint(case: Case) -> tuple[Any, ...]:
    """What a refused call must leave unchanged."""
    project = case.refresh()
    return (
        project.status,
        project.locked_at,
        list(
            project.acceptances.order_by("pk").values_list(
                "status", "expert_id", "decision_reasons"
            )
        ),
        ProjectEvent.objects.filter(project=project).count(),
        AuditEntry.objects.count(),
    )


def refused(call: Any) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.messages


def test_enterprise_applies_with_a_complete_archive_in_time(world: World, clock: Any) -> None:
    case = completed_case(world, clock, user=world.enterprise_user)
    clock.move_to(datetime(2025, 9, 30, 18, tzinfo=SHANGHAI))  # the last day: 2025-06-30 + 3 months
    acceptance = services.apply_for_acceptance(case.project.pk, actor=case.user)
    assert (acceptance.status, acceptance.round, acceptance.post_assessment) == (
        Acceptance.Status.APPLIED,
        1,
        None,
    )
    assert case.refresh().status == ProjectStatus.ACCEPTANCE
    assert ProjectEvent.objects.filter(
        project=case.project, kind="acceptance_apply", to_status="acceptance"
    ).exists()


def test_missing_checklist_item_is_refused_and_nothing_changes(world: World, clock: Any) -> None:
    archive = tuple(kind for kind in ARCHIVE if kind != EvidenceKind.DECLARATION)
    case = completed_case(world, clock, user=world.enterprise_user, archive=archive)
    before = footprint(case)
    messages = refused(lambda: services.apply_for_acceptance(case.project.pk, actor=case.user))
    assert messages == ["缺少“佐证材料真实性声明”：尚未上传。"]
    assert footprint(case) == before


def test_application_after_the_deadline_is_refused(world: World, clock: Any) -> None:
    case = completed_case(world, clock, user=world.enterprise_user)
    clock.move_to(datetime(2025, 10, 1, 9, tzinfo=SHANGHAI))
    before = footprint(case)
    messages = refused(lambda: services.apply_for_acceptance(case.project.pk, actor=case.user))
    assert messages == [
        "已超过验收申请期限：改造于 2025-06-30 完成，应在 3 个月内（2025-09-30 前）申请验收。"
    ]
    assert footprint(case) == before


def test_application_with_a_level_one_t1_is_refused_naming_the_level(
    world: World, clock: Any
) -> None:
    case = completed_case(world, clock, user=world.enterprise_user)
    with_t1(world, clock, case, level=1)
    before = footprint(case)
    messages = refused(lambda: services.apply_for_acceptance(case.project.pk, actor=case.user))
    assert messages == ["改造后现场评测（T1）结果为一级，未达到验收要求的二级，不能通过验收。"]
    assert footprint(case) == before


def test_only_the_enterprise_applies(world: World, clock: Any) -> None:
    case = completed_case(world, clock, user=world.enterprise_user)
    with pytest.raises(PermissionDenied):
        services.apply_for_acceptance(case.project.pk, actor=world.officer_a)


def test_district_cannot_pass_a_level_one_t1_and_the_city_refuses_it(
    world: World, clock: Any
) -> None:
    case = applied_case(world, clock, user=world.enterprise_user, t1=None)
    with_t1(world, clock, case, level=1)
    before = footprint(case)
    messages = refused(
        lambda: services.pass_district_check(case.acceptance.pk, actor=world.officer_a)
    )
    assert messages == ["改造后现场评测（T1）结果为一级，未达到验收要求的二级，不能通过验收。"]
    assert footprint(case) == before
    decision.decide_acceptance(
        case.acceptance.pk,
        actor=world.city_admin,
        accept=False,
        reasons=["改造后现场评测为一级，未达到二级。"],
    )
    project = case.refresh()
    assert (project.status, case.acceptance.status) == (
        ProjectStatus.REFUSED,
        Acceptance.Status.REFUSED,
    )
    assert project.locked_at is not None
    assert case.acceptance.decision_reasons == ["改造后现场评测为一级，未达到二级。"]


def test_district_check_needs_a_locked_t1(world: World, clock: Any) -> None:
    case = applied_case(world, clock, user=world.enterprise_user, t1=None)
    messages = refused(
        lambda: services.pass_district_check(case.acceptance.pk, actor=world.officer_a)
    )
    assert messages == ["尚无已锁定的改造后现场评测（T1），请先安排现场评测。"]


def test_officer_of_another_division_cannot_reach_the_application(world: World, clock: Any) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)
    messages = refused(
        lambda: services.pass_district_check(case.acceptance.pk, actor=world.officer_b)
    )
    assert messages == ["没有找到该验收申请，或您无权操作。"]


def test_the_whole_way_to_acceptance_locks_the_archive(world: World, clock: Any) -> None:
    case = reviewed_case(world, clock, user=world.enterprise_user)
    acceptance = case.acceptance
    assert (acceptance.status, acceptance.expert_score) == (Acceptance.Status.EXPERT_REVIEWED, 86.5)
    assert acceptance.post_assessment is not None and acceptance.post_assessment.level == 2
    decision.decide_acceptance(acceptance.pk, actor=world.city_admin, accept=True)
    project = case.refresh()
    assert (project.status, project.post_assessment_id) == (
        ProjectStatus.ACCEPTED,
        acceptance.post_assessment_id,
    )
    assert project.locked_at is not None
    messages = refused(
        lambda: upload_evidence(
            project.pk, actor=case.user, kind=EvidenceKind.PHOTO, upload=pdf("late-photo")
        )
    )
    assert messages == ["项目已完成验收决定，档案已锁定，不能再修改。"]


def test_a_returned_application_carries_reasons_and_may_be_filed_again(
    world: World, clock: Any
) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)
    services.return_acceptance(
        case.acceptance.pk, actor=world.officer_a, reasons=["投入清单未盖章。", " "]
    )
    assert case.refresh().status == ProjectStatus.COMPLETED
    assert case.acceptance.decision_reasons == ["投入清单未盖章。"]
    event = ProjectEvent.objects.get(project=case.project, kind="acceptance_return")
    assert event.reasons == ["投入清单未盖章。"]
    # The first application was in time; putting it right may take longer than the deadline.
    clock.move_to(datetime(2025, 10, 20, 9, tzinfo=SHANGHAI))
    again = services.apply_for_acceptance(case.project.pk, actor=case.user)
    assert again.round == 2


def test_returning_needs_reasons(world: World, clock: Any) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)
    before = footprint(case)
    messages = refused(
        lambda: services.return_acceptance(case.acceptance.pk, actor=world.officer_a, reasons=[""])
    )
    assert messages == ["请填写退回理由，企业将据此补正。"]
    assert footprint(case) == before


def test_accepting_before_the_expert_review_is_refused(world: World, clock: Any) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)
    messages = refused(
        lambda: decision.decide_acceptance(case.acceptance.pk, actor=world.city_admin, accept=True)
    )
    assert messages == [
        "该验收申请已由他人处理（当前状态：“已申请”），不能再作出验收通过决定。请刷新页面后查看。"
    ]


def test_an_expert_whose_organisation_serves_the_enterprise_must_stand_aside(
    world: World, clock: Any
) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)
    services.pass_district_check(case.acceptance.pk, actor=world.officer_a)
    colleague = create_user(actor=None, username="vic", password=PASSWORD, role=Role.ASSESSOR,
                            provider_id=world.provider.pk, organization=world.provider.name)  # fmt: skip
    before = footprint(case)
    messages = refused(
        lambda: decision.assign_expert(
            case.acceptance.pk, actor=world.city_admin, expert_id=colleague.pk
        )
    )
    assert messages == ["评测专家 vic 所在单位为该企业提供服务，须回避。"]
    assert footprint(case) == before


def test_only_the_assigned_expert_reviews(world: World, clock: Any) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)
    services.pass_district_check(case.acceptance.pk, actor=world.officer_a)
    decision.assign_expert(case.acceptance.pk, actor=world.city_admin, expert_id=world.assessor.pk)
    other = create_user(actor=None, username="otto", password=PASSWORD, role=Role.ASSESSOR)
    messages = refused(
        lambda: decision.review_acceptance(case.acceptance.pk, actor=other, score=90, opinion="好")
    )
    assert messages == ["没有找到该验收申请，或您无权操作。"]
    messages = refused(
        lambda: decision.review_acceptance(
            case.acceptance.pk, actor=world.assessor, score=120, opinion=""
        )
    )
    assert sorted(messages) == sorted(["请填写专家意见。", "评分应为 0 到 100 之间的数字。"])


def test_second_official_deciding_the_same_step_is_told_it_was_handled(
    world: World, clock: Any
) -> None:
    case = reviewed_case(world, clock, user=world.enterprise_user)
    other_admin = create_user(actor=None, username="adam", password=PASSWORD, role=Role.CITY_ADMIN)
    acceptance_id = case.acceptance.pk
    decision.decide_acceptance(acceptance_id, actor=world.city_admin, accept=True)
    before = footprint(case)
    messages = refused(
        lambda: decision.decide_acceptance(
            acceptance_id, actor=other_admin, accept=False, reasons=["材料不实。"]
        )
    )
    assert messages == [
        "该验收申请已由他人处理（当前状态：“验收通过”），不能再作出验收不通过决定。请刷新页面后查看。"
    ]
    assert footprint(case) == before


@pytest.mark.django_db(transaction=True)
def test_two_officials_deciding_at_once_are_serialised(clock: Any) -> None:
    """Two threads decide the same expert-reviewed acceptance at the same moment: the row lock
    (SQLite: the write lock taken at BEGIN) serialises them; exactly one decision stands."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip(
            "threads need a file or server database (in-memory SQLite shares one connection cache)"
        )
    from dxpilot.testing import build_world

    world = build_world()
    case = reviewed_case(world, clock, user=world.enterprise_user)
    other_admin = create_user(actor=None, username="adam", password=PASSWORD, role=Role.CITY_ADMIN)
    acceptance_id = case.acceptance.pk
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(actor: Any, accept: bool) -> None:
        barrier.wait()
        try:
            decision.decide_acceptance(
                acceptance_id, actor=actor, accept=accept, reasons=["理由。"]
            )
            outcomes.append("decided")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(world.city_admin, True)),
        threading.Thread(target=decide, args=(other_admin, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[0] == "decided"
    assert "已由他人处理" in sorted(outcomes)[1]
    assert Acceptance.objects.get(pk=acceptance_id).status in (
        Acceptance.Status.ACCEPTED,
        Acceptance.Status.REFUSED,
    )
    assert (
        ProjectEvent.objects.filter(project=case.project, kind="acceptance_decision").count() == 1
    )


def test_deadline_counts_calendar_months() -> None:
    assert rules.add_months(date(2025, 6, 30), 3) == date(2025, 9, 30)
    assert rules.add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert rules.add_months(date(2025, 1, 31), -2) == date(2024, 11, 30)


def test_the_providers_serving_an_enterprise_are_those_with_a_filed_contract(
    world: World, clock: Any
) -> None:
    from dxpilot.assessment.selectors import serving_provider_ids
    from dxpilot.projects.models import Contract

    case = contracted_case(world, clock, user=world.enterprise_user)
    contract = Contract.objects.get(pk=case.contract_id)
    assert serving_provider_ids(case.enterprise) == {contract.provider_id}
    Contract.objects.filter(pk=contract.pk).update(status=Contract.Status.SUPERSEDED)
    assert serving_provider_ids(case.enterprise) == set()
