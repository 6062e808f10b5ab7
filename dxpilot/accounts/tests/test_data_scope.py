"""Data scope: each role sees exactly its rows, in the selector, the UI list and the API.

Guessing another division's id gives 404 (never the data); a wrong role gets 403; a wrong method 405.
"""

from __future__ import annotations

import pytest
from django.test import Client

from dxpilot.accounts.models import Role
from dxpilot.accounts.services import create_user
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.selectors import get_enterprise_for_user, visible_enterprises
from dxpilot.enterprises.services import register_enterprise
from dxpilot.testing import (
    PASSWORD,
    World,
    client_for,
    enterprise_data,
    valid_code,
)


def ids(queryset: object) -> set[int]:
    return {e.pk for e in queryset}  # type: ignore[attr-defined]


def expected_rows(world: World) -> dict[str, set[int]]:
    a, b = world.enterprise_a.pk, world.enterprise_b.pk
    return {
        "alice": {a, b},
        "frank": {a, b},
        "bob": {a},
        "carol": {b},
        "eve": {a},
        "ann": set(),
        "pete": set(),
    }


def personas(world: World) -> list:  # type: ignore[type-arg]
    return [
        world.city_admin,
        world.finance,
        world.officer_a,
        world.officer_b,
        world.enterprise_user,
        world.assessor,
        world.provider_user,
    ]


class TestVisibleEnterprises:
    def test_each_role_sees_exactly_its_rows(self, world: World) -> None:
        expected = expected_rows(world)
        for user in personas(world):
            assert ids(visible_enterprises(user)) == expected[user.username], user.username

    def test_anonymous_sees_nothing(self, world: World) -> None:
        from django.contrib.auth.models import AnonymousUser

        assert not visible_enterprises(AnonymousUser()).exists()

    def test_an_officer_bound_to_a_zone_sees_its_enterprises_in_other_divisions(
        self, world: World
    ) -> None:
        in_zone = register_enterprise(
            world.program,
            enterprise_data(valid_code("91340111MA2TEQ003"), "340111", zone_code="340171"),
            actor=world.city_admin,
        )
        zone_officer = create_user(
            actor=None,
            username="zoe",
            password=PASSWORD,
            role=Role.DISTRICT_OFFICER,
            division_ids=[world.zone.pk],
        )
        assert ids(visible_enterprises(zone_officer)) == {in_zone.pk}
        assert in_zone.pk in ids(visible_enterprises(world.officer_b))
        assert in_zone.pk not in ids(visible_enterprises(world.officer_a))

    def test_an_inactive_user_sees_nothing(self, world: World) -> None:
        world.city_admin.is_active = False
        world.city_admin.save(update_fields=["is_active"])
        assert not visible_enterprises(world.city_admin).exists()

    def test_the_single_object_lookup_404s_out_of_scope_and_for_missing_ids(
        self, world: World
    ) -> None:
        from django.http import Http404

        assert get_enterprise_for_user(world.officer_a, world.enterprise_a.pk) == world.enterprise_a
        for pk in (world.enterprise_b.pk, 999_999, "abc"):
            with pytest.raises(Http404):
                get_enterprise_for_user(world.officer_a, pk)  # type: ignore[arg-type]


class TestEnterpriseListPage:
    def test_officials_see_exactly_their_rows(self, world: World) -> None:
        expected = expected_rows(world)
        for user in (world.city_admin, world.finance, world.officer_a, world.officer_b):
            response = client_for(user).get("/enterprises/")
            assert response.status_code == 200
            assert ids(response.context["page_obj"]) == expected[user.username], user.username

    def test_an_officer_does_not_see_another_divisions_enterprise_name(self, world: World) -> None:
        response = client_for(world.officer_a).get("/enterprises/")
        assert world.enterprise_a.name in response.content.decode()
        assert world.enterprise_b.name not in response.content.decode()

    def test_an_officer_cannot_widen_the_list_with_a_division_filter(self, world: World) -> None:
        response = client_for(world.officer_a).get(
            "/enterprises/", {"division": world.division_b.pk}
        )
        assert ids(response.context["page_obj"]) == set()

    def test_the_division_filter_offers_only_the_officers_divisions(self, world: World) -> None:
        response = client_for(world.officer_a).get("/enterprises/")
        assert [d.pk for d in response.context["choices"]["divisions"]] == [world.division_a.pk]

    def test_non_officials_get_403(self, world: World) -> None:
        for user in (world.enterprise_user, world.assessor, world.provider_user):
            assert client_for(user).get("/enterprises/").status_code == 403, user.username

    def test_anonymous_is_sent_to_the_login_page(self, world: World) -> None:
        response = Client().get("/enterprises/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_it_rejects_post(self, world: World) -> None:
        assert client_for(world.city_admin).post("/enterprises/").status_code == 405


class TestEnterpriseApiScope:
    def test_each_role_sees_exactly_its_rows_through_the_api(self, world: World) -> None:
        expected = expected_rows(world)
        for user in personas(world):
            response = client_for(user).get("/api/v1/enterprises")
            assert response.status_code == 200, user.username
            assert {item["id"] for item in response.json()["items"]} == expected[user.username]

    def test_the_api_count_matches_the_scope(self, world: World) -> None:
        response = client_for(world.officer_b).get("/api/v1/enterprises")
        assert response.json()["count"] == 1


class TestGuessingIds:
    """An enterprise out of scope answers exactly like one that does not exist."""

    def test_an_officer_gets_404_for_another_divisions_enterprise_everywhere(
        self, world: World
    ) -> None:
        client = client_for(world.officer_a)
        other = world.enterprise_b.pk
        assert client.get(f"/enterprises/{other}/").status_code == 404
        assert client.get(f"/enterprises/{other}/edit/").status_code == 404
        assert client.post(f"/enterprises/{other}/edit/", {"name": "x"}).status_code == 404
        assert client.post(f"/enterprises/{other}/contacts/").status_code == 404
        assert client.get(f"/api/v1/enterprises/{other}").status_code == 404

    def test_out_of_scope_and_missing_ids_answer_the_same(self, world: World) -> None:
        client = client_for(world.officer_a)
        out_of_scope = client.get(f"/api/v1/enterprises/{world.enterprise_b.pk}")
        missing = client.get("/api/v1/enterprises/999999")
        assert out_of_scope.status_code == missing.status_code == 404
        assert out_of_scope.json() == missing.json()
        page = client.get(f"/enterprises/{world.enterprise_b.pk}/")
        assert world.enterprise_b.name not in page.content.decode()

    def test_an_enterprise_user_gets_404_for_another_enterprise(self, world: World) -> None:
        client = client_for(world.enterprise_user)
        assert client.get(f"/enterprises/{world.enterprise_b.pk}/").status_code == 404
        assert client.post(f"/enterprises/{world.enterprise_b.pk}/contacts/").status_code == 404
        assert client.get(f"/api/v1/enterprises/{world.enterprise_b.pk}").status_code == 404

    def test_assessors_and_providers_reach_no_enterprise_by_id(self, world: World) -> None:
        for user in (world.assessor, world.provider_user):
            client = client_for(user)
            assert client.get(f"/enterprises/{world.enterprise_a.pk}/").status_code == 404
            assert client.get(f"/api/v1/enterprises/{world.enterprise_a.pk}").status_code == 404

    def test_an_officer_cannot_edit_an_enterprise_by_guessing_its_id(self, world: World) -> None:
        before = Enterprise.objects.get(pk=world.enterprise_b.pk).name
        client_for(world.officer_a).post(
            f"/enterprises/{world.enterprise_b.pk}/edit/", {"name": "篡改"}
        )
        assert Enterprise.objects.get(pk=world.enterprise_b.pk).name == before


class TestWrongRole:
    def test_only_the_city_admin_opens_the_audit_log(self, world: World) -> None:
        assert client_for(world.city_admin).get("/audit/").status_code == 200
        for user in (world.officer_a, world.finance, world.enterprise_user, world.provider_user):
            assert client_for(user).get("/audit/").status_code == 403, user.username

    def test_only_the_city_admin_manages_api_tokens(self, world: World) -> None:
        assert client_for(world.city_admin).get("/accounts/tokens/").status_code == 200
        for user in (world.officer_a, world.finance, world.assessor, world.enterprise_user):
            assert client_for(user).get("/accounts/tokens/").status_code == 403, user.username

    def test_only_officials_read_the_programme_configuration(self, world: World) -> None:
        assert client_for(world.finance).get("/program/").status_code == 200
        for user in (world.enterprise_user, world.assessor, world.provider_user):
            assert client_for(user).get("/program/").status_code == 403, user.username

    def test_only_admins_and_officers_register_enterprises(self, world: World) -> None:
        assert client_for(world.officer_a).get("/enterprises/new/").status_code == 200
        for user in (world.finance, world.enterprise_user, world.provider_user):
            assert client_for(user).get("/enterprises/new/").status_code == 403, user.username

    def test_in_scope_but_not_an_editor_gets_403_on_edit(self, world: World) -> None:
        pk = world.enterprise_a.pk
        assert client_for(world.finance).get(f"/enterprises/{pk}/edit/").status_code == 403
        assert client_for(world.enterprise_user).get(f"/enterprises/{pk}/edit/").status_code == 403


class TestWrongMethod:
    def test_read_only_pages_reject_post(self, world: World) -> None:
        client = client_for(world.city_admin)
        assert client.post("/audit/").status_code == 405
        assert client.post("/program/").status_code == 405
        assert client.post(f"/enterprises/{world.enterprise_a.pk}/").status_code == 405
        assert client.post("/healthz").status_code == 405

    def test_writes_reject_get(self, world: World) -> None:
        client = client_for(world.city_admin)
        assert client.get(f"/enterprises/{world.enterprise_a.pk}/contacts/").status_code == 405
        assert client.get("/accounts/tokens/1/revoke/").status_code == 405

    def test_forms_reject_put_and_delete(self, world: World) -> None:
        client = client_for(world.city_admin)
        assert client.put("/enterprises/new/").status_code == 405
        assert client.delete(f"/enterprises/{world.enterprise_a.pk}/edit/").status_code == 405
        assert client.delete("/accounts/tokens/").status_code == 405
