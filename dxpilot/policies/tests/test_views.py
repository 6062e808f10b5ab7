"""Policy pages: the public list and search (no login), detail with validity, officials'
publishing, withdrawing and attachments; wrong roles and methods refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dxpilot.audit.models import AuditEntry
from dxpilot.policies.models import Policy, PolicyAttachment
from dxpilot.policies.tests.factories import make_policy
from dxpilot.testing import World, client_for

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_a_visitor_searches_the_public_list(world: World) -> None:
    make_policy(world, title="合肥市支持中小企业数字化转型试点城市建设若干政策")
    make_policy(world, title="关于加快发展工业互联网平台的通知", summary="培育双跨平台。")
    response = client_for(None).get("/policies/", {"q": "数字化转型"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "若干政策" in body and "工业互联网平台的通知" not in body
    assert "匹配：" in body


def test_expired_and_withdrawn_documents_are_marked_or_hidden(world: World) -> None:
    make_policy(world, title="已过期的旧政策", expires_on=date(2024, 12, 31))
    withdrawn = make_policy(world, title="被撤回的政策")
    from dxpilot.policies import services

    services.withdraw_policy(withdrawn.pk, reason="错误发布", actor=world.city_admin)
    public = client_for(None).get("/policies/").content.decode()
    assert "已过期的旧政策" in public and "已失效" in public
    assert "被撤回的政策" not in public
    assert client_for(None).get(f"/policies/{withdrawn.pk}/").status_code == 404
    official = client_for(world.city_admin).get("/policies/").content.decode()
    assert "被撤回的政策" in official and "已撤回" in official
    current = client_for(None).get("/policies/", {"validity": "current"}).content.decode()
    assert "已过期的旧政策" not in current


def test_the_detail_page_shows_the_document_and_its_scope(world: World) -> None:
    policy = make_policy(world, number="合政办〔2024〕12号", segment_keys=("auto-parts",))
    body = client_for(None).get(f"/policies/{policy.pk}/").content.decode()
    assert "合政办〔2024〕12号" in body and "汽车零部件及配件制造" in body
    assert "撤回" not in body  # no management for a visitor


def test_the_list_costs_constant_queries(world: World, django_assert_max_num_queries: Any) -> None:
    client = client_for(None)
    for n in range(3):
        make_policy(world, title=f"数字化转型政策{n}")
    with django_assert_max_num_queries(8) as small:
        client.get("/policies/", {"q": "数字化"})
    for n in range(25):
        make_policy(world, title=f"数字化转型政策B{n}")
    with django_assert_max_num_queries(8) as large:
        client.get("/policies/", {"q": "数字化"})
    assert len(small.captured_queries) == len(large.captured_queries)


def test_an_official_publishes_through_the_form(world: World) -> None:
    response = client_for(world.city_admin).post(
        "/policies/new/",
        {"kind": "policy", "title": "合肥市数改贷贴息政策", "issuer": "合肥市财政局",
         "number": "合财〔2024〕5号", "level": "city", "issued_on": "2024-06-01",
         "summary": "对试点企业数改贷给予贴息。", "scale": "any",
         "division_codes": [world.division_a.code]},
    )  # fmt: skip
    policy = Policy.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/policies/{policy.pk}/"
    assert list(policy.divisions.all()) == [world.division_a]


def test_a_bad_number_is_shown_beside_the_field_and_nothing_saved(world: World) -> None:
    response = client_for(world.city_admin).post(
        "/policies/new/",
        {"kind": "policy", "title": "标题", "issuer": "合肥市人民政府", "number": "合政办2024-12",
         "level": "city", "issued_on": "2024-06-01", "summary": "摘要", "scale": "any"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "格式不正确" in response.content.decode()
    assert not Policy.objects.exists()


@pytest.mark.parametrize("persona", ["enterprise_user", "provider_user", "finance", None])
def test_other_roles_cannot_open_the_publishing_form(world: World, persona: str | None) -> None:
    user = getattr(world, persona) if persona else None
    response = client_for(user).get("/policies/new/")
    assert response.status_code == (302 if user is None else 403)


def test_withdraw_rejects_get_and_needs_a_reason(world: World) -> None:
    policy = make_policy(world)
    client = client_for(world.city_admin)
    assert client.get(f"/policies/{policy.pk}/withdraw/").status_code == 405
    response = client.post(f"/policies/{policy.pk}/withdraw/", {"reason": ""})
    assert response.status_code == 200 and "field-invalid" in response.content.decode()
    policy.refresh_from_db()
    assert not policy.is_withdrawn
    client.post(f"/policies/{policy.pk}/withdraw/", {"reason": "已废止"})
    policy.refresh_from_db()
    assert policy.is_withdrawn


def test_attachments_are_checked_stored_and_public(world: World) -> None:
    policy = make_policy(world)
    client = client_for(world.city_admin)
    bad = client.post(
        f"/policies/{policy.pk}/attachments/",
        {"file": SimpleUploadedFile("政策.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert bad.status_code == 200 and "不是允许的类型" in bad.content.decode()
    assert not PolicyAttachment.objects.exists()
    ok = client.post(
        f"/policies/{policy.pk}/attachments/", {"file": SimpleUploadedFile("政策原文.pdf", PDF)}
    )
    assert ok.status_code == 302
    attachment = PolicyAttachment.objects.get()
    assert AuditEntry.objects.filter(action="policy.attach").count() == 1
    download = client_for(None).get(f"/policies/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_enterprise_page_lists_the_policies_that_apply(world: World) -> None:
    make_policy(world, title="蜀山区数字化转型配套政策", division_codes=(world.division_a.code,))
    make_policy(world, title="包河区数字化转型配套政策", division_codes=(world.division_b.code,))
    body = client_for(world.enterprise_user).get(f"/enterprises/{world.enterprise_a.pk}/")
    text = body.content.decode()
    assert body.status_code == 200
    assert "蜀山区数字化转型配套政策" in text and "包河区数字化转型配套政策" not in text


def test_the_api_is_public_and_searchable(world: World) -> None:
    make_policy(world, title="合肥市数字化转型政策", number="合政办〔2024〕12号")
    withdrawn = make_policy(world, title="已撤回的政策")
    from dxpilot.policies import services

    services.withdraw_policy(withdrawn.pk, reason="废止", actor=world.city_admin)
    data = client_for(None).get("/api/v1/policies", {"q": "合政办〔2024〕12号"}).json()
    assert data["count"] >= 1
    assert data["items"][0]["number"] == "合政办〔2024〕12号"
    assert data["items"][0]["matched"]
    listed = client_for(None).get("/api/v1/policies").json()
    assert "已撤回的政策" not in [i["title"] for i in listed["items"]]
    assert client_for(None).get(f"/api/v1/policies/{withdrawn.pk}").status_code == 404


def test_the_api_list_costs_constant_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(None)
    for n in range(2):
        make_policy(world, title=f"数字化政策{n}", segment_keys=("auto-parts",))
    with django_assert_max_num_queries(10) as small:
        assert client.get("/api/v1/policies", {"q": "数字化"}).json()["count"] == 2
    for n in range(20):
        make_policy(world, title=f"数字化政策B{n}", division_codes=(world.division_a.code,))
    with django_assert_max_num_queries(10) as large:
        assert client.get("/api/v1/policies", {"q": "数字化"}).json()["count"] == 22
    assert len(small.captured_queries) == len(large.captured_queries)


def test_a_district_officer_manages_only_its_own_district_policies(world: World) -> None:
    city = make_policy(world)
    own = make_policy(
        world, actor=world.officer_a, level="district", number="蜀政办〔2024〕3号",
        division_codes=(world.division_a.code,),
    )  # fmt: skip
    client = client_for(world.officer_a)
    assert "withdraw-policy" not in client.get(f"/policies/{city.pk}/").content.decode()
    assert client.get(f"/policies/{city.pk}/edit/").status_code == 403
    assert "withdraw-policy" in client.get(f"/policies/{own.pk}/").content.decode()
    assert client.get(f"/policies/{own.pk}/edit/").status_code == 200
    assert (
        client_for(world.officer_b)
        .post(f"/policies/{own.pk}/withdraw/", {"reason": "x"})
        .status_code
        == 403
    )
