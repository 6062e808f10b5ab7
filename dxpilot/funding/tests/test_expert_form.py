"""Assigning a conflicted expert through the page says why (回避), not "select a valid choice"
(issue 14)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from dxpilot.accounts.models import Role
from dxpilot.accounts.services import create_user
from dxpilot.funding.models import Acceptance
from dxpilot.funding.services import acceptance as services
from dxpilot.funding.tests.cases import applied_case, clock
from dxpilot.testing import PASSWORD, World, client_for

__all__ = ["clock"]


def test_a_conflicted_expert_gets_the_conflict_reason(world: World, clock: Any) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)
    services.pass_district_check(case.acceptance.pk, actor=world.officer_a)
    colleague = create_user(actor=None, username="vic", password=PASSWORD, role=Role.ASSESSOR,
                            provider_id=world.provider.pk, organization=world.provider.name)  # fmt: skip
    response = client_for(world.city_admin).post(
        reverse("funding:assign-expert", args=[case.acceptance.pk]), {"expert": colleague.pk}
    )
    assert response.status_code == 200
    assert response.context["expert_form"].errors["expert"] == [
        "评测专家 vic 所在单位为该企业提供服务，须回避。"
    ]
    assert Acceptance.objects.get(pk=case.acceptance.pk).expert_id is None


def test_an_overflowing_expert_id_is_refused_not_a_500(world: World, clock: Any) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)
    services.pass_district_check(case.acceptance.pk, actor=world.officer_a)
    response = client_for(world.city_admin).post(
        reverse("funding:assign-expert", args=[case.acceptance.pk]), {"expert": "9" * 40}
    )
    assert response.status_code == 200
    assert response.context["expert_form"].errors["expert"]
