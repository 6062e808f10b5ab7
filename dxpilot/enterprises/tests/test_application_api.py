"""The applications API: the same scope as the pages, its own token scope, documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from dxpilot.accounts.models import ApiToken
from dxpilot.enterprises import services
from dxpilot.enterprises.tests.application_helpers import applicant, returned, submitted
from dxpilot.testing import World, bearer, client_for, issue_token

READ = ApiToken.Scope.APPLICATIONS_READ


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def get(path: str, secret: str) -> Any:
    return Client().get(path, **bearer(secret))


def test_the_list_is_scoped_like_the_queue(world: World) -> None:
    mine = submitted(world)
    theirs = submitted(world, user=applicant(world, 1, division_code="340111"))
    officer = get(
        "/api/v1/applications", issue_token(world.officer_a, [READ], actor=world.city_admin)
    ).json()
    city = get("/api/v1/applications", issue_token(world.city_admin, [READ])).json()
    assert [item["id"] for item in officer["items"]] == [mine.pk]
    assert {item["id"] for item in city["items"]} == {mine.pk, theirs.pk}
    assert city["counts"]["submitted"] == 2 and city["counts"]["total"] == 2


def test_filters_and_pagination(world: World) -> None:
    first = submitted(world)
    second = submitted(world, user=applicant(world, 2))
    services.return_application(second.pk, actor=world.officer_a, reasons=["补充"])
    secret = issue_token(world.city_admin, [READ])
    page = get("/api/v1/applications?status=returned", secret).json()
    assert [i["id"] for i in page["items"]] == [second.pk]
    assert (
        page["items"][0]["reasons"] == ["补充"] and page["items"][0]["status_label"] == "已退回修改"
    )
    one = get("/api/v1/applications?page_size=1&page=2", secret).json()
    assert (one["count"], one["page_size"], len(one["items"])) == (2, 1, 1)
    assert get(f"/api/v1/applications?division={world.division_b.pk}", secret).json()["count"] == 0
    assert first.pk in [
        i["id"] for i in get("/api/v1/applications?q=EQ001", secret).json()["items"]
    ]


def test_the_detail_has_eligibility_files_and_timeline(world: World) -> None:
    application = returned(world)
    body = get(
        f"/api/v1/applications/{application.pk}", issue_token(world.city_admin, [READ])
    ).json()
    assert body["status"] == "returned" and body["enterprise_name"] == world.enterprise_a.name
    assert body["eligibility"]["verdict"] == "met"
    assert [c["key"] for c in body["eligibility"]["criteria"]] == [
        "industry",
        "size",
        "location",
        "not_funded",
        "above_scale",
    ]
    assert body["eligibility_at_submission"]["verdict"] == "met"
    assert {a["kind"] for a in body["attachments"]} == {"declaration", "financials", "plan"}
    assert all(len(a["sha256"]) == 64 for a in body["attachments"])
    assert [e["action"] for e in body["events"]] == ["start", "submit", "return"]
    assert (
        body["events"][-1]["reasons"] == ["申报书未盖章。"] and body["events"][-1]["actor"] == "bob"
    )


def test_out_of_scope_is_404_in_chinese(world: World) -> None:
    application = submitted(world)
    secret = issue_token(world.officer_b, [READ], actor=world.city_admin)
    response = get(f"/api/v1/applications/{application.pk}", secret)
    assert response.status_code == 404
    assert response.json() == {"detail": "没有找到该申报，或您无权查看。"}
    assert (
        get(f"/api/v1/applications/eligibility/{world.enterprise_a.pk}", secret).status_code == 404
    )


def test_a_token_needs_the_applications_scope(world: World) -> None:
    secret = issue_token(world.city_admin, [ApiToken.Scope.ENTERPRISES_READ])
    response = get("/api/v1/applications", secret)
    assert response.status_code == 403
    assert response.json() == {"detail": "令牌没有“applications:read”权限范围。"}


def test_the_enterprise_reads_its_own_through_its_session(world: World) -> None:
    application = submitted(world)
    client = client_for(world.enterprise_user)
    assert [i["id"] for i in client.get("/api/v1/applications").json()["items"]] == [application.pk]
    eligibility = client.get(f"/api/v1/applications/eligibility/{world.enterprise_a.pk}").json()
    assert eligibility["verdict"] == "met" and eligibility["summary"] == "符合申报条件。"


def test_it_is_documented(world: World) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/applications", "/api/v1/applications/{application_id}",
            "/api/v1/applications/eligibility/{enterprise_id}"} <= set(paths)  # fmt: skip
