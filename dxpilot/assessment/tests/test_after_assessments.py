"""Issue 12.3: a T1 (after transformation) only after a locked T0 and a completed project; a T2
follow-up only after a locked T1 (Hefei plan §三.4 改造前后分别开展评估, §三.9 成效跟踪)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dxpilot.assessment import services
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.tests.test_report_support import lock_onsite
from dxpilot.testing import World, completed_project


def assign(world: World, kind: str) -> Assessment:
    return services.assign_assessor(
        world.enterprise_a.pk, kind=kind, assessor_id=world.assessor.pk, actor=world.city_admin
    )


def test_a_t1_without_a_t0_or_a_completed_project_is_refused_naming_both(world: World) -> None:
    with pytest.raises(ValidationError) as info:
        assign(world, "onsite_after")
    assert info.value.message_dict["kind"] == [
        "改造后现场评测（T1）须在改造前现场评测（T0）锁定之后安排：该企业还没有已锁定的 T0。",
        "改造后现场评测（T1）须在转型项目登记“改造完成”之后安排：该企业还没有完工的项目。",
    ]
    assert not Assessment.objects.filter(kind="onsite_after").exists()


def test_a_t0_still_in_progress_does_not_count(world: World) -> None:
    assign(world, "onsite_before")  # assigned, not locked
    completed_project(world.enterprise_a)
    with pytest.raises(ValidationError) as info:
        assign(world, "onsite_after")
    assert len(info.value.message_dict["kind"]) == 1
    assert "T0" in info.value.message_dict["kind"][0]


def test_a_project_still_being_implemented_is_not_enough(world: World) -> None:
    lock_onsite(world, world.enterprise_a)
    project = completed_project(world.enterprise_a)
    project.status = "implementing"
    project.save()
    with pytest.raises(ValidationError) as info:
        assign(world, "onsite_after")
    assert info.value.message_dict["kind"] == [
        "改造后现场评测（T1）须在转型项目登记“改造完成”之后安排：该企业还没有完工的项目。"
    ]


def test_after_a_locked_t0_and_completion_the_t1_is_assigned_then_the_t2(world: World) -> None:
    lock_onsite(world, world.enterprise_a)
    completed_project(world.enterprise_a)
    with pytest.raises(ValidationError) as info:
        assign(world, "followup")
    assert "T1" in info.value.message_dict["kind"][0]
    lock_onsite(world, world.enterprise_a, kind="onsite_after")
    assert assign(world, "followup").kind == "followup"
