"""Acceptance pages: the queue (scope, roles, constant queries at two sizes), the project's
acceptance page (apply, refusal shown, a second official told the step was handled, no review
internals for the finance office)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxpilot.accounts.models import Role
from dxpilot.accounts.services import create_user
from dxpilot.funding.models import Acceptance
from dxpilot.funding.tests.cases import (
    SHANGHAI,
    applied_case,
    clock,
    completed_case,
    reviewed_case,
)
from dxpilot.projects.models import ProjectStatus
from dxpilot.testing import PASSWORD, World, client_for

__all__ = ["clock"]


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_district_queue_shows_its_applications_only(world: World, clock: Any) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)
    url = reverse("funding:acceptance-queue")
    mine = client_for(world.officer_a).get(url)
    assert mine.status_code == 200 and case.enterprise.name in text(mine)
    other = client_for(world.officer_b).get(url)
    assert other.status_code == 200 and case.enterprise.name not in text(other)
    assert client_for(world.finance).get(url).status_code == 403
    assert client_for(world.enterprise_user).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302


def test_the_queue_costs_the_same_queries_at_two_sizes(world: World, clock: Any) -> None:
    from dxpilot.demo.world import build_world

    applied_case(world, clock, user=world.enterprise_user)
    admin = client_for(world.city_admin)
    url = reverse("funding:acceptance-queue") + "?status="

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = admin.get(url)
        assert response.status_code == 200
        return len(queries), Acceptance.objects.count()

    small, n_small = count()
    build_world(world.program, "small", seed=7)  # demo projects in every state, bulk-inserted
    large, n_large = count()
    assert n_large > n_small + 10
    assert large == small


def test_the_enterprise_applies_on_its_page(world: World, clock: Any) -> None:
    case = completed_case(world, clock, user=world.enterprise_user)
    client = client_for(case.user)
    page = client.get(reverse("funding:acceptance", args=[case.project.pk]))
    assert page.status_code == 200 and 'id="apply-form"' in text(page)
    response = client.post(
        reverse("funding:apply-acceptance", args=[case.project.pk]), {"confirm": "on"}
    )
    assert response.status_code == 302
    assert case.refresh().status == ProjectStatus.ACCEPTANCE


def test_a_refused_application_is_shown_on_the_page(world: World, clock: Any) -> None:
    case = completed_case(world, clock, user=world.enterprise_user)
    clock.move_to(datetime(2025, 10, 8, 10, tzinfo=SHANGHAI))
    response = client_for(case.user).post(
        reverse("funding:apply-acceptance", args=[case.project.pk]), {"confirm": "on"}
    )
    assert response.status_code == 200
    assert (
        "已超过验收申请期限：改造于 2025-06-30 完成，应在 3 个月内（2025-09-30 前）申请验收。"
        in text(response)
    )
    assert case.refresh().status == ProjectStatus.COMPLETED


def test_other_enterprises_and_strangers_get_404(world: World, clock: Any) -> None:
    case = applied_case(world, clock)  # an enterprise of division A with its own user
    url = reverse("funding:acceptance", args=[case.project.pk])
    assert client_for(world.enterprise_user).get(url).status_code == 404
    assert client_for(world.officer_b).get(url).status_code == 404
    assert client_for(world.officer_a).get(url).status_code == 200


def test_a_second_official_is_told_the_decision_was_taken(world: World, clock: Any) -> None:
    case = reviewed_case(world, clock, user=world.enterprise_user)
    other = create_user(actor=None, username="adam", password=PASSWORD, role=Role.CITY_ADMIN)
    first, second = client_for(world.city_admin), client_for(other)
    url = reverse("funding:decide-acceptance", args=[case.acceptance.pk])
    second.get(reverse("funding:acceptance", args=[case.project.pk]))  # both have the page open
    assert first.post(url, {"decision-decision": "accept"}).status_code == 302
    response = second.post(url, {"decision-decision": "refuse", "decision-other": "材料不实。"})
    assert response.status_code == 200
    assert 'id="refusal"' in text(response)
    assert (
        "该验收申请已由他人处理（当前状态：“验收通过”），不能再作出验收不通过决定。请刷新页面后查看。"
        in text(response)
    )
    assert case.acceptance.status == Acceptance.Status.ACCEPTED


def test_the_finance_office_sees_status_but_no_review_internals(world: World, clock: Any) -> None:
    case = reviewed_case(world, clock, user=world.enterprise_user)
    page = text(
        client_for(world.finance).get(reverse("funding:acceptance", args=[case.project.pk]))
    )
    assert "专家已评审" in page and "二级" in page
    assert "系统运行正常，改造目标达成。" not in page and "86.5" not in page and "总分" not in page
    admin_page = text(
        client_for(world.city_admin).get(reverse("funding:acceptance", args=[case.project.pk]))
    )
    assert "系统运行正常，改造目标达成。" in admin_page


def test_a_return_shows_its_reasons_to_the_enterprise(world: World, clock: Any) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)
    response = client_for(world.officer_a).post(
        reverse("funding:return-acceptance", args=[case.acceptance.pk]),
        {"return-other": "投入清单未盖章。\n发票复印件不清晰。"},
    )
    assert response.status_code == 302
    page = text(client_for(case.user).get(reverse("funding:acceptance", args=[case.project.pk])))
    assert "退回理由（请据此补正后重新申请）：" in page
    assert "投入清单未盖章。" in page and "发票复印件不清晰。" in page
    assert 'id="apply-form"' in page


def test_the_enterprise_menu_leads_to_its_acceptance_page(world: World, clock: Any) -> None:
    url = reverse("funding:my-acceptance")
    assert client_for(world.enterprise_user).get(url)["Location"] == reverse("projects:list")
    case = completed_case(world, clock, user=world.enterprise_user)
    client = client_for(case.user)
    assert client.get(url)["Location"] == reverse("funding:acceptance", args=[case.project.pk])
    assert "验收与奖补" in text(client.get("/"))
    assert client_for(world.officer_a).get(url).status_code == 403


def test_officials_see_overdue_and_soon_due_applications(world: World, clock: Any) -> None:
    case = completed_case(
        world, clock, user=world.enterprise_user
    )  # completed 2025-06-30, due 2025-09-30
    url = reverse("funding:acceptance-queue")
    clock.move_to(datetime(2025, 9, 10, 10, tzinfo=SHANGHAI))
    soon = text(client_for(world.officer_a).get(url))
    assert "30 天内到期：<strong>1</strong> 个项目" in soon and "还剩 20 天" in soon
    clock.move_to(datetime(2025, 10, 5, 10, tzinfo=SHANGHAI))
    late = text(client_for(world.officer_a).get(url))
    assert "已完工但逾期未申请验收：<strong>1</strong> 个项目" in late and "已逾期 5 天" in late
    assert case.enterprise.name in late
    assert "逾期未申请验收" not in text(client_for(world.officer_b).get(url))


def test_the_acceptance_expert_opens_the_enterprise_timeline_it_links(
    world: World, clock: Any
) -> None:
    """The acceptance page links 企业时间线: the expert reviewing the project may open it; an
    assessor with no part in the project may not."""
    case = reviewed_case(world, clock, user=world.enterprise_user)
    url = f"/projects/enterprise/{case.enterprise.pk}/timeline/"
    page = client_for(world.assessor).get(f"/projects/{case.project.pk}/acceptance/")
    assert url in page.content.decode()
    assert client_for(world.assessor).get(url).status_code == 200
    stranger = create_user(actor=None, username="ivy", password=PASSWORD, role=Role.ASSESSOR)
    assert client_for(stranger).get(url).status_code == 404
