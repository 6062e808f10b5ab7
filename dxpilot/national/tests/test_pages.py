"""The city admin's pages: submissions, reconciliation, decisions and downloads; every other role
is refused, and the pages cost the same queries whatever the number of records."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxpilot.audit.models import AuditEntry
from dxpilot.national import services
from dxpilot.national.models import Decision, Submission, SubmissionRecord
from dxpilot.national.tests.helpers import change, pilot
from dxpilot.testing import World, client_for

OTHERS = ["officer_a", "finance", "assessor", "enterprise_user", "provider_user"]


def test_the_city_admin_exports_twice_and_sees_the_difference(world: World) -> None:
    a, b = pilot(world), pilot(world)
    client = client_for(world.city_admin)
    assert "国家平台报送" in client.get("/").content.decode()
    response = client.post(reverse("national:submit"))
    first = Submission.objects.get()
    assert response.url == reverse("national:submission", args=[first.pk])
    change(world, a, name="改名后的企业有限公司")
    change(world, b, is_pilot=False)
    c = pilot(world)
    client.post(reverse("national:submit"))
    second = Submission.objects.get(number=2)
    page = client.get(reverse("national:submission", args=[second.pk])).content.decode()
    assert f'data-key="{c.credit_code}" data-change="added"' in page
    assert f'data-key="{a.credit_code}" data-change="changed"' in page
    assert f'data-key="{b.credit_code}" data-change="withdrawn"' in page
    assert "企业全称</span> <code>entName</code>：" in page
    assert "改名后的企业有限公司" in page


def test_decisions_through_the_page(world: World) -> None:
    a = pilot(world)
    submission = services.create_submission(world.program, actor=world.city_admin)
    row = submission.records.get()
    client = client_for(world.city_admin)
    url = reverse("national:decide", args=[row.pk])
    response = client.post(url, {"decision": "rejected", "reason": ""}, follow=True)
    assert "退回时请填写国家平台给出的原因。" in response.content.decode()
    row.refresh_from_db()
    assert row.decision == Decision.PENDING
    client.post(url, {"decision": "accepted", "query": "change=all&page=1"})
    row.refresh_from_db()
    assert row.decision == Decision.ACCEPTED
    response = client.post(url, {"decision": "accepted"}, follow=True)
    assert f"记录 {a.credit_code} 已登记为“已接收”，不能重复登记。" in response.content.decode()
    response = client.post(url, {"decision": "maybe"}, follow=True)
    assert response.status_code == 200
    assert SubmissionRecord.objects.get().decision == Decision.ACCEPTED


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_downloads_are_audited(world: World, fmt: str) -> None:
    pilot(world)
    submission = services.create_submission(world.program, actor=world.city_admin)
    response = client_for(world.city_admin).get(
        reverse("national:download", args=[submission.pk, fmt])
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert f"national-hefei-0001.{fmt}" in response["Content-Disposition"]
    if fmt == "json":
        assert json.loads(body)["submission"]["number"] == 1
    else:
        assert body[:2] == b"PK"
    entry = AuditEntry.objects.get(action="national.download")
    assert entry.kind == AuditEntry.Kind.EXPORT
    assert entry.changes["format"] == fmt


def test_an_unknown_format_or_submission_is_not_found(world: World) -> None:
    submission = services.create_submission(world.program, actor=world.city_admin)
    client = client_for(world.city_admin)
    assert client.get(reverse("national:download", args=[submission.pk, "csv"])).status_code == 404
    assert client.get(reverse("national:submission", args=[submission.pk + 9])).status_code == 404
    assert not AuditEntry.objects.filter(action="national.download").exists()


def test_a_bad_filter_is_said_not_ignored(world: World) -> None:
    submission = services.create_submission(world.program, actor=world.city_admin)
    page = client_for(world.city_admin).get(
        reverse("national:submission", args=[submission.pk]), {"change": "nonsense"}
    )
    assert "筛选条件无效，已显示需国家平台处理的记录。" in page.content.decode()


@pytest.mark.parametrize("who", OTHERS)
def test_every_other_role_is_refused(world: World, who: str) -> None:
    pilot(world)
    submission = services.create_submission(world.program, actor=world.city_admin)
    row = submission.records.get()
    client = client_for(getattr(world, who))
    before = (Submission.objects.count(), AuditEntry.objects.count())
    assert client.get(reverse("national:home")).status_code == 403
    assert client.get(reverse("national:submission", args=[submission.pk])).status_code == 403
    assert client.get(reverse("national:download", args=[submission.pk, "json"])).status_code == 403
    assert client.post(reverse("national:submit")).status_code == 403
    assert (
        client.post(reverse("national:decide", args=[row.pk]), {"decision": "accepted"}).status_code
        == 403
    )
    assert (Submission.objects.count(), AuditEntry.objects.count()) == before
    row.refresh_from_db()
    assert row.decision == Decision.PENDING
    assert "国家平台报送" not in client.get("/").content.decode()


def test_anonymous_is_sent_to_login(world: World) -> None:
    response = client_for(None).get(reverse("national:home"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_pages_cost_the_same_queries_with_more_records(world: World) -> None:
    client = client_for(world.city_admin)

    def queries() -> tuple[int, int]:
        submission = services.create_submission(world.program, actor=world.city_admin)
        counts = []
        for url in (
            reverse("national:home"),
            reverse("national:submission", args=[submission.pk]) + "?change=all",
        ):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts[0], counts[1]

    pilot(world)
    queries()
    small = queries()
    for _n in range(6):
        pilot(world)
    queries()
    assert queries() == small
