"""Pages and API calls cost the same number of queries at any scale (DESIGN §7).

Each page is measured with the personas' small world, then again after 300 more enterprises
(spread over every division, so each officer's scope grows too)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dxpilot.accounts.models import ApiToken
from dxpilot.enterprises.models import Enterprise
from dxpilot.testing import World, add_enterprises, bearer, client_for, issue_token

MORE = 300


def count_queries(request: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200, response  # type: ignore[attr-defined]
    return len(captured)


def grow(world: World) -> None:
    before = Enterprise.objects.count()
    added = add_enterprises(world.program, MORE, seed=99)
    assert added >= MORE - 5
    assert Enterprise.objects.filter(division=world.division_a).count() > 10
    assert Enterprise.objects.count() > before


def assert_constant(world: World, requests: dict[str, Callable[[], object]]) -> None:
    for request in requests.values():
        request()  # warm up: session save, token last-used stamp, template caches
    small = {name: count_queries(request) for name, request in requests.items()}
    grow(world)
    large = {name: count_queries(request) for name, request in requests.items()}
    assert large == small


def test_every_roles_home_page_costs_the_same_at_two_sizes(world: World) -> None:
    users = {
        "city_admin": world.city_admin,
        "officer": world.officer_a,
        "finance": world.finance,
        "assessor": world.assessor,
        "enterprise": world.enterprise_user,
        "provider": world.provider_user,
    }
    clients = {name: client_for(user) for name, user in users.items()}
    anonymous = Client()
    requests: dict[str, Callable[[], object]] = {
        name: (lambda c=client: c.get("/")) for name, client in clients.items()
    }
    requests["public"] = lambda: anonymous.get("/")
    assert_constant(world, requests)


def test_the_enterprise_list_costs_the_same_at_two_sizes(world: World) -> None:
    admin, officer, finance = (
        client_for(world.city_admin),
        client_for(world.officer_a),
        client_for(world.finance),
    )
    assert_constant(
        world,
        {
            "admin": lambda: admin.get("/enterprises/"),
            "officer": lambda: officer.get("/enterprises/"),
            "finance": lambda: finance.get("/enterprises/"),
            "filtered": lambda: admin.get("/enterprises/", {"q": "有限公司", "pilot": "0"}),
            "htmx": lambda: admin.get("/enterprises/", HTTP_HX_REQUEST="true"),
        },
    )


def test_the_enterprise_detail_costs_the_same_at_two_sizes(world: World) -> None:
    admin = client_for(world.city_admin)
    path = f"/enterprises/{world.enterprise_a.pk}/"
    assert_constant(world, {"detail": lambda: admin.get(path)})


def test_the_api_list_costs_the_same_at_two_sizes(world: World) -> None:
    read = [ApiToken.Scope.ENTERPRISES_READ]
    admin_token = issue_token(world.city_admin, read)
    officer_token = issue_token(world.officer_a, read, actor=world.city_admin)
    session = client_for(world.officer_b)
    api = Client()
    assert_constant(
        world,
        {
            "admin token": lambda: api.get("/api/v1/enterprises", **bearer(admin_token)),
            "officer token": lambda: api.get("/api/v1/enterprises", **bearer(officer_token)),
            "session": lambda: session.get("/api/v1/enterprises"),
            "large page": lambda: api.get(
                "/api/v1/enterprises", {"page_size": 200}, **bearer(admin_token)
            ),
        },
    )


@pytest.mark.parametrize("path", ["/program/", "/accounts/tokens/"])
def test_admin_pages_cost_the_same_at_two_sizes(world: World, path: str) -> None:
    admin = client_for(world.city_admin)
    assert_constant(world, {path: lambda: admin.get(path)})


def test_the_dashboard_figures_and_drill_down_lists_cost_the_same_at_two_sizes(
    world: World,
) -> None:
    admin, officer, finance = (
        client_for(world.city_admin),
        client_for(world.officer_a),
        client_for(world.finance),
    )
    requests: dict[str, Callable[[], object]] = {}
    for family in ("breakdowns", "funnel", "migration", "funds", "providers", "alerts"):
        url = f"/dashboard/figures/{family}/"
        requests[f"admin {family}"] = lambda url=url: admin.get(url)
        requests[f"officer {family}"] = lambda url=url: officer.get(url)
    requests["finance funds"] = lambda: finance.get("/dashboard/figures/funds/")
    for query in ("", "stage=admitted", "t0=1&t1=2", "pilot=1&t1_min=2", "alert=overdue",
                  f"division={world.division_a.pk}&above=0", "subsidy=paid", "page=2"):  # fmt: skip
        requests[f"admin list {query}"] = lambda q=query: admin.get(f"/dashboard/list/?{q}")
        requests[f"officer list {query}"] = lambda q=query: officer.get(f"/dashboard/list/?{q}")
    requests["export"] = lambda: admin.get("/dashboard/list/export.xlsx?pilot=0")
    assert_constant(world, requests)
