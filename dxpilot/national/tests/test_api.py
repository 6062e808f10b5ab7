"""/api/v1/national: a national client's token (scope national:read) reads submissions and their
records; a token without the scope and every other role are refused."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dxpilot.accounts.models import ApiToken, Role
from dxpilot.accounts.services import create_user
from dxpilot.audit.models import AuditEntry
from dxpilot.national import services
from dxpilot.national.tests.helpers import change, pilot
from dxpilot.testing import World, bearer, client_for, issue_token

READ = ApiToken.Scope.NATIONAL_READ


def national_client(world: World) -> Client:
    user = create_user(
        actor=world.city_admin, username="national-client", password="x" * 20,
        role=Role.API_CLIENT, validate=False,
    )  # fmt: skip
    return Client(**bearer(issue_token(user, [READ], actor=world.city_admin)))


def test_the_national_client_reads_submissions_and_records(world: World) -> None:
    a, b = pilot(world), pilot(world)
    services.create_submission(world.program, actor=world.city_admin)
    change(world, a, name="改名后的企业有限公司")
    change(world, b, is_pilot=False)
    services.create_submission(world.program, actor=world.city_admin)
    client = national_client(world)
    listing = client.get("/api/v1/national/submissions").json()
    assert listing["count"] == 2
    assert [s["number"] for s in listing["items"]] == [2, 1]
    latest = listing["items"][0]
    assert (latest["previous"], latest["changed"], latest["withdrawn"]) == (1, 1, 1)
    assert latest["key"] == "creditCode"
    one = client.get("/api/v1/national/submissions/2").json()
    assert one["digest"] == latest["digest"]
    rows = client.get("/api/v1/national/submissions/2/records").json()
    assert rows["count"] == 2
    by_key = {r["key"]: r for r in rows["items"]}
    assert by_key[a.credit_code]["change"] == "changed"
    assert by_key[a.credit_code]["changes"][0]["new"] == "改名后的企业有限公司"
    assert by_key[a.credit_code]["payload"]["contactPhone"] == "138****5678"
    assert by_key[b.credit_code]["change"] == "withdrawn"
    only = client.get("/api/v1/national/submissions/2/records", {"change": "withdrawn"}).json()
    assert [r["key"] for r in only["items"]] == [b.credit_code]
    reads = AuditEntry.objects.filter(action="national.api_records").order_by("seq")
    assert [(e.kind, e.changes["records"]) for e in reads] == [("export", 2), ("export", 1)]
    assert reads[0].actor_label.startswith("national-client")


def test_the_city_admin_reads_with_a_token_of_the_scope(world: World) -> None:
    services.create_submission(world.program, actor=world.city_admin)
    client = Client(**bearer(issue_token(world.city_admin, [READ])))
    assert client.get("/api/v1/national/submissions").status_code == 200
    assert client_for(world.city_admin).get("/api/v1/national/submissions").status_code == 200


def test_a_token_without_the_scope_is_refused(world: World) -> None:
    services.create_submission(world.program, actor=world.city_admin)
    client = Client(**bearer(issue_token(world.city_admin, [ApiToken.Scope.ENTERPRISES_READ])))
    for path in (
        "/api/v1/national/submissions",
        "/api/v1/national/submissions/1",
        "/api/v1/national/submissions/1/records",
    ):
        response = client.get(path)
        assert response.status_code == 403
        assert response.json()["detail"] == "令牌没有“national:read”权限范围。"


@pytest.mark.parametrize("who", ["officer_a", "finance", "enterprise_user", "provider_user"])
def test_other_roles_are_refused_even_with_the_scope(world: World, who: str) -> None:
    services.create_submission(world.program, actor=world.city_admin)
    user = getattr(world, who)
    for client in (
        client_for(user),
        Client(**bearer(issue_token(user, [READ], actor=world.city_admin))),
    ):
        response = client.get("/api/v1/national/submissions/1/records")
        assert response.status_code == 403
        assert "国家平台报送仅对市级管理员和国家平台接口客户端开放。" in response.json()["detail"]


def test_unknown_submission_and_bad_filters(world: World) -> None:
    services.create_submission(world.program, actor=world.city_admin)
    client = national_client(world)
    assert client.get("/api/v1/national/submissions/9").status_code == 404
    assert client.get("/api/v1/national/submissions/1/records", {"change": "x"}).status_code == 422
    bad = client.get("/api/v1/national/submissions/1/records", {"page_size": 501})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["message"] == "数值不能大于 500。"
    assert Client().get("/api/v1/national/submissions").status_code == 401


def test_record_pages_cost_the_same_queries(world: World) -> None:
    client = national_client(world)
    pilot(world)
    services.create_submission(world.program, actor=world.city_admin)
    client.get("/api/v1/national/submissions")  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/national/submissions/1/records")
    for _n in range(6):
        pilot(world)
    services.create_submission(world.program, actor=world.city_admin)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/api/v1/national/submissions/2/records").json()["count"] == 7
    assert len(large) == len(small)


def test_the_city_admin_issues_the_national_client_token_from_the_page(world: World) -> None:
    from django.urls import reverse

    from dxpilot.accounts.models import User
    from dxpilot.national.services import NATIONAL_CLIENT

    services.create_submission(world.program, actor=world.city_admin)
    admin = client_for(world.city_admin)
    page = admin.post(reverse("national:token"), follow=True).content.decode()
    secret = page.split('<code id="national-token">')[1].split("</code>")[0]
    client = User.objects.get(username=NATIONAL_CLIENT)
    assert client.role == Role.API_CLIENT and not client.has_usable_password()
    token = ApiToken.objects.get(user=client)
    assert token.scopes == [READ]
    assert Client(**bearer(secret)).get("/api/v1/national/submissions").json()["count"] == 1
    # The secret is shown once; a second token reuses the client account.
    assert "national-token" not in admin.get(reverse("national:home")).content.decode()
    admin.post(reverse("national:token"))
    assert ApiToken.objects.filter(user=client).count() == 2
    assert User.objects.filter(username=NATIONAL_CLIENT).count() == 1
    assert client_for(world.officer_a).post(reverse("national:token")).status_code == 403
    assert ApiToken.objects.filter(user=client).count() == 2
