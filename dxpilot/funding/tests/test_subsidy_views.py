"""Money pages: subsidy scope (finance all, district its own, enterprise its own, 404 else), the
city computes and approves on the acceptance page, the finance office runs a batch, and the fund
totals card on the finance home."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from dxpilot.funding.models import DisbursementBatch, Subsidy
from dxpilot.funding.services.subsidy import approve_subsidy, compute_project_subsidy
from dxpilot.funding.tests.cases import Case, accepted_case, clock
from dxpilot.projects.models import ProjectStatus
from dxpilot.testing import World, client_for

__all__ = ["clock"]


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def two_subsidies(world: World, clock: Any) -> tuple[Case, Case, Subsidy, Subsidy]:
    a = accepted_case(world, clock, user=world.enterprise_user)  # division A
    b = accepted_case(world, clock, division="340111")  # division B
    sa = approve_subsidy(
        compute_project_subsidy(a.project.pk, actor=world.city_admin).pk, actor=world.city_admin
    )
    sb = compute_project_subsidy(b.project.pk, actor=world.city_admin)
    return a, b, sa, sb


def test_subsidies_are_scoped_as_the_projects(world: World, clock: Any) -> None:
    a, b, sa, sb = two_subsidies(world, clock)
    url = reverse("funding:subsidies")
    finance = text(client_for(world.finance).get(url))
    assert a.enterprise.name in finance and b.enterprise.name in finance
    district = text(client_for(world.officer_a).get(url))
    assert a.enterprise.name in district and b.enterprise.name not in district
    own = text(client_for(world.enterprise_user).get(url))
    assert a.enterprise.name in own and b.enterprise.name not in own
    assert client_for(world.provider_user).get(url).status_code == 403
    assert client_for(world.assessor).get(url).status_code == 403
    assert (
        client_for(world.enterprise_user).get(reverse("funding:subsidy", args=[sb.pk])).status_code
        == 404
    )
    assert (
        client_for(world.officer_a).get(reverse("funding:subsidy", args=[sb.pk])).status_code == 404
    )
    detail = client_for(world.finance).get(reverse("funding:subsidy", args=[sa.pk]))
    assert detail.status_code == 200 and "500,000.00 × 40% = 200,000.00 元" in text(detail)


def test_the_city_computes_and_approves_on_the_acceptance_page(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    admin = client_for(world.city_admin)
    assert admin.post(reverse("funding:compute-subsidy", args=[case.project.pk])).status_code == 302
    subsidy = Subsidy.objects.get(project=case.project)
    page = text(admin.get(reverse("funding:acceptance", args=[case.project.pk])))
    assert (
        "奖补金额 = min(200,000.00, 300,000.00) = 200,000.00 元。" in page
        and 'id="approve-subsidy"' in page
    )
    assert (
        client_for(world.finance)
        .post(reverse("funding:approve-subsidy", args=[subsidy.pk]))
        .status_code
        == 403
    )
    assert admin.post(reverse("funding:approve-subsidy", args=[subsidy.pk])).status_code == 302
    subsidy.refresh_from_db()
    assert subsidy.status == Subsidy.Status.APPROVED


def test_computing_for_a_project_not_accepted_is_refused_on_the_page(
    world: World, clock: Any
) -> None:
    from dxpilot.funding.tests.cases import applied_case

    case = applied_case(world, clock, user=world.enterprise_user)
    response = client_for(world.city_admin).post(
        reverse("funding:compute-subsidy", args=[case.project.pk])
    )
    assert response.status_code == 200
    assert f"项目“{case.project.title}”尚未通过验收（当前状态：“验收中”），不能核算奖补。" in text(
        response
    )
    assert not Subsidy.objects.exists()


def test_the_finance_office_pays_a_batch(world: World, clock: Any) -> None:
    a, _b, sa, _sb = two_subsidies(world, clock)
    finance = client_for(world.finance)
    response = finance.post(
        reverse("funding:batches"), {"name": "2025年第一批", "stage": "settlement"}
    )
    assert response.status_code == 302
    batch = DisbursementBatch.objects.get()
    detail = text(finance.get(reverse("funding:batch", args=[batch.pk])))
    assert a.enterprise.name in detail  # the approved one is offered; the computed one is not
    assert (
        finance.post(
            reverse("funding:add-to-batch", args=[batch.pk]), {"subsidies": [sa.pk]}
        ).status_code
        == 302
    )
    assert (
        client_for(world.city_admin)
        .post(reverse("funding:approve-batch", args=[batch.pk]))
        .status_code
        == 403
    )
    assert finance.post(reverse("funding:approve-batch", args=[batch.pk])).status_code == 302
    assert finance.post(reverse("funding:pay-batch", args=[batch.pk])).status_code == 302
    again = finance.post(reverse("funding:pay-batch", args=[batch.pk]))
    assert (
        again.status_code == 200
        and "批次“2025年第一批”已由他人处理（当前状态：“已拨付”），不能再拨付。" in text(again)
    )
    assert a.refresh().status == ProjectStatus.SUBSIDISED
    totals = text(finance.get(reverse("funding:finance-totals")))
    assert "200,000" in totals and "1 家企业已获拨付" in totals


def test_the_finance_home_loads_the_fund_totals(world: World) -> None:
    home = text(client_for(world.finance).get("/"))
    assert f'hx-get="{reverse("funding:finance-totals")}"' in home
    assert client_for(world.finance).get(reverse("funding:finance-totals")).status_code == 200
    assert (
        client_for(world.enterprise_user).get(reverse("funding:finance-totals")).status_code == 403
    )
    assert client_for(world.officer_a).get(reverse("funding:batches")).status_code == 403
