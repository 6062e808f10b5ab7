"""The audit page: the city admin searches by text, kind, actor and dates, at a constant query cost."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dxpilot.audit.models import AuditEntry
from dxpilot.audit.services import record
from dxpilot.testing import World, client_for

DATE_RANGE_ERROR = "截止日期不能早于起始日期。"


def shown(response: object) -> set[str]:
    return {e.action for e in response.context["page_obj"]}  # type: ignore[attr-defined]


def at(day: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(f"{day} 10:00"))


@pytest.fixture
def history(world: World) -> World:
    with time_machine.travel(at("2025-01-10"), tick=False):
        record(actor=world.officer_a, action="history.january", target=world.enterprise_a)
    with time_machine.travel(at("2025-02-20"), tick=False):
        record(actor=world.officer_b, action="history.february", target=world.enterprise_b)
        record(actor=world.city_admin, action="history.export", kind=AuditEntry.Kind.EXPORT)
    return world


class TestAuditPage:
    def test_it_works_and_lists_the_newest_first(self, history: World) -> None:
        response = client_for(history.city_admin).get("/audit/")
        assert response.status_code == 200
        seqs = [e.seq for e in response.context["page_obj"]]
        assert seqs == sorted(seqs, reverse=True)
        assert "history.export" in response.content.decode()

    def test_it_searches_actions_and_objects(self, history: World) -> None:
        client = client_for(history.city_admin)
        assert shown(client.get("/audit/", {"q": "history.jan"})) == {"history.january"}
        by_object = client.get("/audit/", {"q": history.enterprise_b.name})
        assert "history.february" in shown(by_object)
        assert "history.january" not in shown(by_object)

    def test_it_filters_by_kind(self, history: World) -> None:
        response = client_for(history.city_admin).get("/audit/", {"kind": "export"})
        assert shown(response) == {"history.export"}

    def test_it_filters_by_actor(self, history: World) -> None:
        response = client_for(history.city_admin).get("/audit/", {"actor": "carol", "q": "history"})
        assert shown(response) == {"history.february"}

    def test_it_filters_by_date_range(self, history: World) -> None:
        client = client_for(history.city_admin)
        response = client.get("/audit/", {"date_from": "2025-01-01", "date_to": "2025-01-31"})
        assert shown(response) == {"history.january"}
        response = client.get("/audit/", {"date_from": "2025-02-20", "date_to": "2025-02-20"})
        assert shown(response) == {"history.february", "history.export"}

    def test_a_reversed_date_range_is_shown_next_to_the_field(self, history: World) -> None:
        response = client_for(history.city_admin).get(
            "/audit/", {"date_from": "2025-02-01", "date_to": "2025-01-01"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["date_to"] == [DATE_RANGE_ERROR]
        html = response.content.decode()
        field = html[html.index('for="id_date_to"') :]
        assert field.index(DATE_RANGE_ERROR) < field.index("</div>")

    def test_an_invalid_date_is_refused_in_chinese(self, history: World) -> None:
        response = client_for(history.city_admin).get("/audit/", {"date_from": "2025-13-01"})
        assert response.context["form"].errors["date_from"] == ["输入一个有效的日期。"]

    def test_htmx_gets_only_the_rows(self, history: World) -> None:
        response = client_for(history.city_admin).get(
            "/audit/", {"q": "history"}, HTTP_HX_REQUEST="true"
        )
        html = response.content.decode()
        assert "<table>" in html
        assert "<html" not in html

    def test_it_shows_the_address_and_the_changes(self, history: World) -> None:
        client = client_for(history.city_admin, REMOTE_ADDR="10.1.1.1")
        client.post(f"/enterprises/{history.enterprise_a.pk}/contacts/")
        html = client.get("/audit/", {"q": "reveal"}).content.decode()
        assert "10.1.1.1" in html
        assert "enterprise.reveal_contacts" in html

    def test_it_is_for_the_city_admin_only(self, history: World) -> None:
        for user in (history.officer_a, history.finance, history.assessor):
            assert client_for(user).get("/audit/").status_code == 403

    def test_anonymous_is_sent_to_login(self, history: World) -> None:
        from django.test import Client

        assert Client().get("/audit/").status_code == 302


def test_the_page_costs_the_same_queries_with_ten_times_more_entries(world: World) -> None:
    client = client_for(world.city_admin)
    client.get("/audit/")  # warm up: session and caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/audit/").status_code == 200
        return len(captured)

    # A full page (50) of one kind first: the page reads names in bulk, one query per model shown,
    # so the cost is compared between pages that show the same models.
    for n in range(60):
        record(actor=world.city_admin, action="bulk.small", changes={"n": [None, n]})
    small = queries()
    for n in range(200):
        record(actor=world.officer_a, action="bulk.large", changes={"n": [None, n]})
    assert queries() == small
