"""API: /api/v1/acceptances and /api/v1/subsidies, scoped exactly as the pages, token scope
`subsidies:read`, no review internals."""

from __future__ import annotations

import json
from typing import Any

from dxpilot.funding.services.subsidy import compute_project_subsidy
from dxpilot.funding.tests.cases import accepted_case, applied_case, clock
from dxpilot.testing import World, bearer, client_for, issue_token

__all__ = ["clock"]
SCOPE = ["subsidies:read"]


def test_subsidies_list_and_detail(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    subsidy = compute_project_subsidy(case.project.pk, actor=world.city_admin)
    client = client_for(None)
    headers = bearer(issue_token(world.finance, SCOPE, actor=world.city_admin))
    listed = json.loads(client.get("/api/v1/subsidies", **headers).content)
    assert listed["count"] == 1 and listed["counts"]["computed"] == 1
    item = listed["items"][0]
    assert (item["enterprise_name"], item["amount"], item["eligible_investment"], item["status"]) == (
        case.enterprise.name, "200000.00", "500000.00", "computed",
    )  # fmt: skip
    detail = json.loads(client.get(f"/api/v1/subsidies/{subsidy.pk}", **headers).content)
    assert detail["explanation"][-1] == "奖补金额 = min(200,000.00, 300,000.00) = 200,000.00 元。"
    assert detail["disbursements"] == []


def test_acceptance_status_without_review_internals(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    client = client_for(None)
    headers = bearer(issue_token(world.city_admin, SCOPE))
    listed = json.loads(client.get("/api/v1/acceptances", **headers).content)
    [item] = listed["items"]
    assert (item["status"], item["t1_level"], item["apply_deadline"], item["project_id"]) == (
        "accepted", 2, "2025-09-30", case.project.pk,
    )  # fmt: skip
    assert "expert_score" not in item and "expert_opinion" not in item
    one = client.get(f"/api/v1/acceptances/{item['id']}", **headers)
    assert one.status_code == 200


def test_scope_as_the_pages(world: World, clock: Any) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)  # division A
    acceptance_id = case.acceptance.pk
    client = client_for(None)
    district_b = bearer(issue_token(world.officer_b, SCOPE, actor=world.city_admin))
    assert json.loads(client.get("/api/v1/acceptances", **district_b).content)["count"] == 0
    assert client.get(f"/api/v1/acceptances/{acceptance_id}", **district_b).status_code == 404
    district_a = bearer(issue_token(world.officer_a, SCOPE, actor=world.city_admin))
    assert json.loads(client.get("/api/v1/acceptances", **district_a).content)["count"] == 1
    own = client_for(case.user).get(f"/api/v1/acceptances/{acceptance_id}")  # the session works too
    assert own.status_code == 200
    wrong_scope = bearer(issue_token(world.city_admin, ["projects:read"]))
    response = client.get("/api/v1/subsidies", **wrong_scope)
    assert response.status_code == 403
    assert json.loads(response.content)["detail"] == "令牌没有“subsidies:read”权限范围。"
