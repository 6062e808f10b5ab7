"""Circular and evaluation pages: who sees what, forms with Chinese errors, the lead, issue and
downloads (audited), wrong methods, and list pages at constant queries."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from dxpilot.audit.models import AuditEntry
from dxpilot.reporting.models import Circular, ReportStatus
from dxpilot.reporting.services import generate_circular
from dxpilot.reporting.tests.factories import AFTER_Q3, issued
from dxpilot.testing import World, client_for

LIST = reverse("reporting:circulars")


def test_the_city_admin_generates_edits_and_issues(clock: Any, world: World) -> None:
    clock.move_to(AFTER_Q3)
    client = client_for(world.city_admin)
    page = client.get(LIST)
    assert page.status_code == 200 and "生成通报" in page.content.decode()
    response = client.post(reverse("reporting:circular-new"), {"period": "2025-Q3"})
    circular = Circular.objects.get()
    assert response["Location"] == reverse("reporting:circular", args=[circular.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "（草稿，尚未印发，无文号）" in detail and 'id="lead-form"' in detail
    lead = reverse("reporting:circular-lead", args=[circular.pk])
    assert client.post(lead, {"lead": "三季度进展通报。"}).status_code == 302
    assert client.post(reverse("reporting:circular-issue", args=[circular.pk])).status_code == 302
    circular.refresh_from_db()
    assert circular.status == ReportStatus.ISSUED and circular.lead == "三季度进展通报。"
    detail = client.get(reverse("reporting:circular", args=[circular.pk])).content.decode()
    assert "合数转通〔2025〕1号" in detail and 'id="lead-form"' not in detail


def test_a_bad_period_is_shown_on_the_form(clock: Any, world: World) -> None:
    clock.move_to(AFTER_Q3)
    client = client_for(world.city_admin)
    response = client.post(reverse("reporting:circular-new"), {"period": "2025-Q5"})
    assert response.status_code == 200
    assert "“2025-Q5”不是有效的季度：季度应为 Q1 到 Q4。" in response.content.decode()
    response = client.post(reverse("reporting:circular-new"), {"period": ""})
    assert "请填写通报期间，例如 2025-06（月度）或 2025-Q2（季度）。" in response.content.decode()
    assert not Circular.objects.exists()


def test_editing_after_issue_is_refused_on_the_page(clock: Any, world: World) -> None:
    circular = issued(world, clock)
    client = client_for(world.city_admin)
    response = client.post(
        reverse("reporting:circular-lead", args=[circular.pk]), {"lead": "改过的导语"}
    )
    assert response.status_code == 200
    assert "印发后不能再修改或重新生成" in response.content.decode()
    response = client.post(reverse("reporting:circular-issue", args=[circular.pk]), follow=True)
    assert "印发后不能再修改或重新生成" in response.content.decode()
    circular.refresh_from_db()
    assert circular.lead != "改过的导语" and circular.sequence == 1


def test_district_officers_see_only_the_issued_circulars_of_their_divisions(
    clock: Any, world: World
) -> None:
    mine = issued(world, clock, "2025-Q3", division_ids=[world.division_a.pk])
    theirs = issued(world, clock, "2025-09", division_ids=[world.division_b.pk])
    draft = generate_circular(
        world.program, period="2025-08", division_ids=[world.division_a.pk], actor=world.city_admin
    )
    bob = client_for(world.officer_a)
    listing = bob.get(LIST).content.decode()
    assert mine.number in listing and theirs.number not in listing and "生成通报" not in listing
    assert bob.get(reverse("reporting:circular", args=[mine.pk])).status_code == 200
    assert bob.get(reverse("reporting:circular", args=[theirs.pk])).status_code == 404
    assert bob.get(reverse("reporting:circular", args=[draft.pk])).status_code == 404
    download = bob.get(reverse("reporting:circular-download", args=[mine.pk, "docx"]))
    assert download.status_code == 200
    with mine.docx.open("rb") as handle:
        assert b"".join(download.streaming_content) == handle.read()
    entry = AuditEntry.objects.filter(action="circular.download").get()
    assert (entry.actor_id, entry.kind, entry.changes["format"]) == (
        world.officer_a.pk,
        AuditEntry.Kind.EXPORT,
        "docx",
    )
    assert (
        bob.get(reverse("reporting:circular-download", args=[theirs.pk, "docx"])).status_code == 404
    )
    # Officers read; they do not generate or issue.
    assert bob.post(reverse("reporting:circular-new"), {"period": "2025-07"}).status_code == 403
    assert bob.post(reverse("reporting:circular-issue", args=[draft.pk])).status_code == 403


def test_other_roles_get_403_and_wrong_methods_405(clock: Any, world: World) -> None:
    circular = issued(world, clock)
    for user in (world.enterprise_user, world.provider_user, world.assessor, world.finance):
        assert client_for(user).get(LIST).status_code == 403
    assert client_for(None).get(LIST).status_code == 302  # to the login page
    admin = client_for(world.city_admin)
    assert admin.get(reverse("reporting:circular-issue", args=[circular.pk])).status_code == 405
    assert admin.post(LIST).status_code == 405
    assert (
        admin.get(reverse("reporting:circular-download", args=[circular.pk, "pdf"])).status_code
        == 404
    )


def test_a_draft_preview_downloads_for_the_city_admin(clock: Any, world: World) -> None:
    clock.move_to(AFTER_Q3)
    circular = generate_circular(world.program, period="2025-Q3", actor=world.city_admin)
    response = client_for(world.city_admin).get(
        reverse("reporting:circular-download", args=[circular.pk, "xlsx"])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action="circular.download").get().changes["status"] == "draft"


def test_the_circular_list_costs_the_same_queries_at_two_sizes(
    clock: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    issued(world, clock, "2025-Q3")
    client = client_for(world.officer_a)
    client.get(LIST)
    with CaptureQueriesContext(connection) as small:
        client.get(LIST)
    for period in ("2025-07", "2025-08", "2025-09", "2025-Q2"):
        issued(world, clock, period)
    with django_assert_max_num_queries(len(small)):
        assert client.get(LIST).content.decode().count("合数转通〔2025〕") == 5


def test_the_evaluation_pages(clock: Any, world: World) -> None:
    clock.move_to(AFTER_Q3)
    admin = client_for(world.city_admin)
    response = admin.post(reverse("reporting:evaluation-new"), {"stage": "final"})
    assert response.status_code == 200
    assert "终期绩效评价对应的阶段截至 2025-12-31，尚未结束，结束后才能生成。" in (
        response.content.decode()
    )
    response = admin.post(reverse("reporting:evaluation-new"), {"stage": "first"})
    detail = admin.get(response["Location"]).content.decode()
    assert "第一阶段绩效评价" in detail and "查看清单" in detail
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    # The finance office reads issued reports only.
    frank = client_for(world.finance)
    assert frank.get(reverse("reporting:evaluation", args=[pk])).status_code == 404
    admin.post(reverse("reporting:evaluation-issue", args=[pk]))
    assert frank.get(reverse("reporting:evaluation", args=[pk])).status_code == 200
    assert "合数转评〔2025〕1号" in frank.get(reverse("reporting:evaluations")).content.decode()
    assert (
        client_for(world.enterprise_user).get(reverse("reporting:evaluations")).status_code == 403
    )


def test_the_navigation_offers_circulars_to_officials(clock: Any, world: World) -> None:
    page = client_for(world.officer_a).get(reverse("dashboard:home")).content.decode()
    assert f'href="{LIST}"' in page
    page = client_for(world.enterprise_user).get(reverse("dashboard:home")).content.decode()
    assert f'href="{LIST}"' not in page
