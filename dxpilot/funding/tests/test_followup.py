"""After acceptance: the enterprise rates its provider; the follow-up a year later records
revenue, 亩均效益 and the T2 level, with the growth computed and explained."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.funding.models import FollowUp
from dxpilot.funding.services.followup import (
    FollowUpData,
    outcome,
    rate_project_provider,
    record_follow_up,
)
from dxpilot.funding.tests.cases import (
    SHANGHAI,
    accepted_case,
    applied_case,
    clock,
    lock_assessment,
)
from dxpilot.programs.models import ProviderKind
from dxpilot.projects.models import ProjectEvent, ProjectStatus
from dxpilot.providers.models import Provider, ProviderRating
from dxpilot.testing import World

__all__ = ["clock"]
# Revenue 5,600 → 6,552 万元 (+17%), land 40 亩, tax 280 → 336 万元 (+20%).
DATA = FollowUpData(
    year=2026, revenue_before=Decimal("5600"), revenue_after=Decimal("6552"), land_mu=Decimal("40"),
    tax_before=Decimal("280"), tax_after=Decimal("336"),
)  # fmt: skip


def test_the_enterprise_rates_its_provider_after_acceptance(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    rating = rate_project_provider(
        case.project.pk,
        actor=case.user,
        provider_id=world.provider.pk,
        score=4,
        comment="响应及时。",
    )
    assert (rating.provider, rating.score, rating.subject) == (
        world.provider,
        4,
        f"project:{case.project.pk}",
    )
    assert ProjectEvent.objects.filter(project=case.project, kind="provider_rated").count() == 1
    with pytest.raises(ValidationError) as caught:
        rate_project_provider(
            case.project.pk, actor=case.user, provider_id=world.provider.pk, score=5
        )
    assert caught.value.messages == ["已评价过该服务商的这一项目。"]
    assert ProviderRating.objects.count() == 1


def test_no_rating_before_acceptance_or_of_a_stranger(world: World, clock: Any) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)
    stranger = Provider.objects.create(
        program=world.program, credit_code="91340100MA2PR0W02X", name="无关服务商",
        kind=ProviderKind.objects.get(program=world.program, key="specialised"), status=Provider.Status.APPROVED,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        rate_project_provider(case.project.pk, actor=case.user, provider_id=stranger.pk, score=1)
    assert caught.value.messages == [
        "项目通过验收后才能评价服务商（当前状态：“验收中”）。",
        "该服务商没有与本项目签订合同，不能评价。",
    ]
    with pytest.raises(PermissionDenied):
        rate_project_provider(
            case.project.pk, actor=world.officer_a, provider_id=world.provider.pk, score=5
        )
    assert not ProviderRating.objects.exists()


def test_the_follow_up_records_growth_and_the_t2_level(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    clock.move_to(datetime(2026, 8, 15, 10, tzinfo=SHANGHAI))
    t2 = lock_assessment(world, case.enterprise, 2, "followup", date(2026, 8, 15))
    follow_up = record_follow_up(case.project.pk, actor=case.user, data=DATA)
    assert (follow_up.year, follow_up.followup_assessment) == (2026, t2)
    assert case.refresh().status == ProjectStatus.ACCEPTED  # not subsidised yet: stays open
    rows = outcome(
        DATA.revenue_before, DATA.revenue_after, DATA.land_mu, DATA.tax_before, DATA.tax_after
    )
    # (6552 − 5600) ÷ 5600 = 0.17; 5600 ÷ 40 = 140.00, 6552 ÷ 40 = 163.80; 280 ÷ 40 = 7.00, 336 ÷ 40 = 8.40.
    assert [(r.before, r.after, r.rate) for r in rows] == [
        (Decimal("5600"), Decimal("6552"), Decimal("0.1700")),
        (Decimal("140.00"), Decimal("163.80"), Decimal("0.1700")),
        (Decimal("7.00"), Decimal("8.40"), Decimal("0.2000")),
    ]
    assert rows[0].formula == "(6,552.00 − 5,600.00) ÷ 5,600.00 = +17.0%"
    assert rows[2].formula == "280.00 ÷ 40.00 亩 = 7.00；336.00 ÷ 40.00 亩 = 8.40；增长 +20.0%"


def test_follow_up_refusals(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    clock.move_to(datetime(2026, 3, 1, 10, tzinfo=SHANGHAI))
    with pytest.raises(ValidationError) as caught:
        record_follow_up(case.project.pk, actor=case.user, data=FollowUpData(
            year=2025, revenue_before=Decimal("5600"), revenue_after=Decimal("0"), land_mu=Decimal("40"),
            tax_before=Decimal("1"),
        ))  # fmt: skip
    assert caught.value.message_dict == {
        "__all__": ["尚无验收后已锁定的跟踪评测（T2），请先安排跟踪评测。"],
        "year": ["跟踪年度应在改造完成年度（2025）之后、且不晚于今年（2026）。"],
        "revenue_after": ["应大于 0。"],
        "tax_after": ["改造前和跟踪年度的税收请同时填写，或都留空。"],
    }
    assert not FollowUp.objects.exists()
    with pytest.raises(PermissionDenied):
        record_follow_up(case.project.pk, actor=world.finance, data=DATA)


def test_rating_and_follow_up_through_the_pages(world: World, clock: Any) -> None:
    import re

    from django.urls import reverse

    from dxpilot.testing import client_for

    case = accepted_case(world, clock, user=world.enterprise_user)
    client = client_for(case.user)
    page = client.get(reverse("funding:acceptance", args=[case.project.pk]))
    assert 'id="rating-form"' in page.content.decode()
    rated = client.post(reverse("funding:rate-provider", args=[case.project.pk]),
                        {"provider": world.provider.pk, "score": 5, "comment": "专业。"})  # fmt: skip
    assert rated.status_code == 302 and ProviderRating.objects.get().score == 5
    clock.move_to(datetime(2026, 8, 15, 10, tzinfo=SHANGHAI))
    lock_assessment(world, case.enterprise, 2, "followup", date(2026, 8, 15))
    client = client_for(case.user)  # a year on: the earlier session has long expired
    data = {
        "year": 2026,
        "revenue_before": "5600",
        "revenue_after": "6552",
        "land_mu": "40",
        "tax_before": "280",
        "tax_after": "336",
    }
    assert (
        client.post(reverse("funding:record-follow-up", args=[case.project.pk]), data).status_code
        == 302
    )
    outcomes = client_for(world.city_admin).get(reverse("funding:followups"))
    body = re.sub(r"\s+", " ", outcomes.content.decode())
    assert outcomes.status_code == 200 and "(6,552.00 − 5,600.00) ÷ 5,600.00 = +17.0%" in body
    assert "营业收入增长 ≥ 15%，亩均效益增长 ≥ 15%" in body
    assert client_for(world.finance).get(reverse("funding:followups")).status_code == 403
