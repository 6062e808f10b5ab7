"""GET /api/v1/parks and /api/v1/parks/events: read-only, in the token owner's scope."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxpilot.parks.tests.factories import held, make_event, make_park
from dxpilot.testing import World, bearer, client_for, issue_token


def get(world: World, user: object, path: str, scopes: tuple[str, ...] = ("parks:read",)):  # type: ignore[no-untyped-def]
    secret = issue_token(user, scopes, actor=world.city_admin)  # type: ignore[arg-type]
    return client_for(None).get(f"/api/v1/parks{path}", **bearer(secret))


def test_a_district_officer_reads_the_parks_and_events_of_their_divisions(world: World) -> None:
    mine = make_park(world, enterprise_codes=[world.enterprise_a.credit_code])
    theirs = make_park(world, world.division_b)
    event = held(world, mine, date(2025, 5, 6), attendance=45)
    other = make_event(world, theirs)
    parks = get(world, world.officer_a, "").json()
    assert [p["id"] for p in parks] == [mine.pk]
    assert parks[0]["enterprises"] == 1 and parks[0]["division_code"] == "340104"
    assert parks[0]["segment"] == "auto-parts" and parks[0]["is_pilot"] is False
    events = get(world, world.officer_a, "/events").json()
    assert events["count"] == 1
    item = events["items"][0]
    assert item["id"] == event.pk and item["status"] == "held" and item["actual_attendance"] == 45
    assert get(world, world.officer_a, f"/events/{other.pk}").status_code == 404
    assert get(world, world.officer_a, f"/{theirs.pk}").status_code == 404
    assert get(world, world.officer_a, f"/{mine.pk}").json()["name"] == mine.name
    everything = get(world, world.city_admin, "/events?status=scheduled").json()
    assert [e["id"] for e in everything["items"]] == [other.pk]


def test_the_token_needs_the_parks_scope_and_an_official_owner(world: World) -> None:
    response = get(world, world.officer_a, "", scopes=("enterprises:read",))
    assert response.status_code == 403
    assert response.json()["detail"] == "令牌没有“parks:read”权限范围。"
    assert get(world, world.enterprise_user, "").status_code == 403


def test_the_event_list_costs_constant_queries(world: World) -> None:
    secret = issue_token(world.city_admin, ("parks:read",))
    client = client_for(None)

    def grow(n: int) -> None:
        for _ in range(n):
            park = make_park(world)
            held(world, park, date(2025, 4, 1))

    grow(1)
    client.get("/api/v1/parks/events", **bearer(secret))
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/parks/events", **bearer(secret))
        client.get("/api/v1/parks", **bearer(secret))
    grow(5)
    with CaptureQueriesContext(connection) as large:
        client.get("/api/v1/parks/events", **bearer(secret))
        client.get("/api/v1/parks", **bearer(secret))
    assert len(small) == len(large)
