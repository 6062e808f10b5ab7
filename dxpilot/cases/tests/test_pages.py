"""The officials' case pages and the API: the journey through forms, refusals shown, scope,
token scope and constant queries."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxpilot.accounts.models import ApiToken
from dxpilot.cases.models import Case, CaseStatus
from dxpilot.cases.tests.factories import accepted, draft, published
from dxpilot.testing import World, bearer, client_for, issue_token


def test_an_official_drafts_submits_and_publishes_through_the_pages(
    world: World, clock: Any
) -> None:
    project = accepted(world, clock)
    officer = client_for(world.officer_a)
    project_page = officer.get(f"/projects/{project.project.pk}/").content.decode()
    assert f"/cases/new/{project.project.pk}/" in project_page
    listing = officer.get("/cases/").content.decode()
    assert f"/cases/new/{project.project.pk}/" in listing
    form = officer.get(f"/cases/new/{project.project.pk}/").content.decode()
    assert "二级" in form and "580,000.00" in form  # the project's figures, not typed
    response = officer.post(
        f"/cases/new/{project.project.pk}/",
        {"kind": "sample", "title": "", "summary": "一句话", "providers": [str(world.provider.pk)]},
    )
    assert response.status_code == 200 and not Case.objects.exists()
    response = officer.post(
        f"/cases/new/{project.project.pk}/",
        {
            "kind": "sample",
            "title": "汽车零部件企业 MES 样板",
            "summary": "生产过程透明化。",
            "body": "上线 MES。",
            "providers": [str(world.provider.pk)],
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    officer.post(f"/cases/{case.pk}/submit/")
    assert Case.objects.get().status == CaseStatus.REVIEW
    # The district officer cannot publish; the refusal is a 403, nothing changes.
    assert officer.post(f"/cases/{case.pk}/publish/").status_code == 403
    city = client_for(world.city_admin)
    page = city.post(f"/cases/{case.pk}/publish/", follow=True).content.decode()
    assert "案例已发布" in page and Case.objects.get().status == CaseStatus.PUBLISHED
    assert case.title in client_for(None).get("/showcase/").content.decode()


def test_a_refusal_is_shown_on_the_case_page(world: World, clock: Any) -> None:
    project = accepted(world, clock)
    case = draft(world, project, kind="benchmark")
    page = (
        client_for(world.city_admin).post(f"/cases/{case.pk}/submit/", follow=True).content.decode()
    )
    assert "标杆案例须改造后等级达到三级及以上" in page
    assert Case.objects.get().status == CaseStatus.DRAFT


def test_case_pages_are_for_officials_in_scope(world: World, clock: Any) -> None:
    project = accepted(world, clock)
    case = draft(world, project)
    assert client_for(world.officer_b).get(f"/cases/{case.pk}/").status_code == 404
    assert client_for(world.enterprise_user).get("/cases/").status_code == 403
    assert client_for(world.finance).get(f"/cases/{case.pk}/").status_code == 200
    assert client_for(world.finance).get(f"/cases/new/{project.project.pk}/").status_code == 403


def test_the_list_and_the_api_cost_constant_queries(world: World, clock: Any) -> None:
    project = accepted(world, clock, level=3)
    published(world, project, kind="sample")
    secret = issue_token(world.city_admin, [ApiToken.Scope.CASES_READ])

    def count(path: str, **headers: Any) -> int:
        client = client_for(None if headers else world.city_admin)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, **headers).status_code == 200
        return len(queries)

    count("/api/v1/cases", **bearer(secret))  # the token's first use writes last_used_at
    small = (count("/cases/"), count("/api/v1/cases", **bearer(secret)))
    published(world, project, kind="chain")
    published(world, project, kind="benchmark")
    assert (count("/cases/"), count("/api/v1/cases", **bearer(secret))) == small


def test_the_api_reads_cases_in_scope_with_the_token_scope(world: World, clock: Any) -> None:
    project = accepted(world, clock)
    case = published(world, project)
    client = client_for(None)
    secret = issue_token(world.city_admin, [ApiToken.Scope.CASES_READ])
    body = client.get("/api/v1/cases", **bearer(secret)).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == case.pk and item["figures"]["t1"]["level"] == 2
    assert item["provider_ids"] == [world.provider.pk]
    assert client.get(f"/api/v1/cases/{case.pk}", **bearer(secret)).status_code == 200
    other = issue_token(world.officer_b, [ApiToken.Scope.CASES_READ])
    assert client.get("/api/v1/cases", **bearer(other)).json()["count"] == 0
    assert client.get(f"/api/v1/cases/{case.pk}", **bearer(other)).status_code == 404
    unscoped = issue_token(world.city_admin, [ApiToken.Scope.PROJECTS_READ])
    assert client.get("/api/v1/cases", **bearer(unscoped)).status_code == 403
