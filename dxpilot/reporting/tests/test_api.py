"""GET /api/v1/circulars: list, detail and files, scoped like the pages, token scope
reports:read, constant queries."""

from __future__ import annotations

from typing import Any

from dxpilot.accounts.models import ApiToken
from dxpilot.reporting.services import generate_circular
from dxpilot.reporting.tests.factories import issued
from dxpilot.testing import World, bearer, client_for, issue_token

URL = "/api/v1/circulars"


def test_a_district_token_lists_the_issued_circulars_of_its_divisions(
    clock: Any, world: World
) -> None:
    mine = issued(world, clock, "2025-Q3", division_ids=[world.division_a.pk])
    theirs = issued(world, clock, "2025-09", division_ids=[world.division_b.pk])
    generate_circular(world.program, period="2025-08", actor=world.city_admin)  # a draft
    secret = issue_token(world.officer_a, [ApiToken.Scope.REPORTS_READ], actor=world.city_admin)
    client = client_for(None)
    body = client.get(URL, **bearer(secret)).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["id"], item["number"], item["divisions"]) == (
        mine.pk,
        "合数转通〔2025〕1号",
        ["340104"],
    )
    assert item["period_label"] == "2025年第三季度" and item["docx_sha256"] == mine.docx_sha256
    detail = client.get(f"{URL}/{mine.pk}", **bearer(secret)).json()
    assert detail["lead"] == mine.lead and detail["content"]["period"] == "2025-Q3"
    assert client.get(f"{URL}/{theirs.pk}", **bearer(secret)).status_code == 404
    file = client.get(f"{URL}/{mine.pk}/files/xlsx", **bearer(secret))
    assert file.status_code == 200
    with mine.xlsx.open("rb") as handle:
        assert b"".join(file.streaming_content) == handle.read()
    assert client.get(f"{URL}/{mine.pk}/files/pdf", **bearer(secret)).status_code == 404


def test_the_city_admin_sees_drafts_too(clock: Any, world: World) -> None:
    issued(world, clock, "2025-Q3")
    generate_circular(world.program, period="2025-08", actor=world.city_admin)
    body = client_for(world.city_admin).get(URL).json()
    # Newest period first: 2025-Q3 (issued) ends after 2025-08 (draft).
    assert [(i["period"], i["status"]) for i in body["items"]] == [
        ("2025-Q3", "issued"),
        ("2025-08", "draft"),
    ]


def test_a_token_without_the_scope_is_refused(clock: Any, world: World) -> None:
    secret = issue_token(world.officer_a, [ApiToken.Scope.ENTERPRISES_READ], actor=world.city_admin)
    assert client_for(None).get(URL, **bearer(secret)).status_code == 403


def test_other_roles_see_no_circulars(clock: Any, world: World) -> None:
    issued(world, clock)
    body = client_for(world.enterprise_user).get(URL).json()
    assert body["count"] == 0


def test_the_list_costs_the_same_queries_at_two_sizes(
    clock: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    issued(world, clock, "2025-Q3")
    client = client_for(world.city_admin)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for period in ("2025-07", "2025-08", "2025-09"):
        issued(world, clock, period)
    with django_assert_max_num_queries(len(small)):
        assert client.get(URL).json()["count"] == 4
