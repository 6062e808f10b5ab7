"""The assessor's "待完成的现场评测" lists only assessments still to finish (issue 12)."""

from __future__ import annotations

from dxpilot.assessment.models import Assessment
from dxpilot.assessment.tests.test_assessment_flow import onsite
from dxpilot.testing import World, client_for


def listed(world: World) -> set[int]:
    response = client_for(world.assessor).get("/")
    assert response.status_code == 200
    return {a.pk for a in response.context["assignments"]}


def test_locked_assessments_are_not_listed_as_to_do(world: World) -> None:
    assessment = onsite(world)
    assert assessment.pk in listed(world)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.LOCKED)
    assert assessment.pk not in listed(world)
