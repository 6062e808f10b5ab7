"""上云上平台 records: the enterprise enters its own, an official in scope may enter one; the
enterprise alone authorises platforms. Refusals name every problem and write nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.audit.models import AuditEntry
from dxpilot.platforms import services
from dxpilot.platforms.models import CloudAdoption, PlatformGrant
from dxpilot.platforms.tests.factories import adopt, grant, make_platform
from dxpilot.testing import World, client_for

pytestmark = pytest.mark.django_db


def form(platform_id: object = "", **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "platform": platform_id,
        "service_name": "",
        "since": "2024-09-01",
        "scenes": ["S2.1", "S2.2"],
    }
    values.update(overrides)
    return values


def test_an_enterprise_records_its_own_adoption(world: World) -> None:
    platform = make_platform(world)
    client = client_for(world.enterprise_user)
    assert client.get("/platforms/mine/")["Location"] == (
        f"/platforms/enterprises/{world.enterprise_a.pk}/"
    )
    response = client.post(f"/platforms/enterprises/{world.enterprise_a.pk}/", form(platform.pk))
    assert response.status_code == 302
    adoption = CloudAdoption.objects.get()
    assert adoption.source == "enterprise"
    assert adoption.platform == platform
    assert adoption.scenes == ["S2.1", "S2.2"]
    assert adoption.since == date(2024, 9, 1)
    entry = AuditEntry.objects.get(action="cloud_adoption.record")
    assert entry.changes["source"] == [None, "enterprise"]
    page = client.get(f"/platforms/enterprises/{world.enterprise_a.pk}/").content.decode()
    assert platform.name in page and "计划排程、生产管控" in page


def test_a_cloud_service_outside_the_registry_is_named(world: World) -> None:
    adopt(world.enterprise_user, world.enterprise_a, service_name="公有云主机", scenes=("S4.1",))
    assert CloudAdoption.objects.get().service_name == "公有云主机"


def test_an_officer_records_for_an_enterprise_in_scope(world: World) -> None:
    platform = make_platform(world)
    response = client_for(world.officer_a).post(
        f"/platforms/enterprises/{world.enterprise_a.pk}/", form(platform.pk)
    )
    assert response.status_code == 302
    assert CloudAdoption.objects.get().source == "official"


def test_out_of_scope_is_404_and_writes_nothing(world: World) -> None:
    platform = make_platform(world)
    url = f"/platforms/enterprises/{world.enterprise_a.pk}/"
    assert client_for(world.officer_b).get(url).status_code == 404
    assert client_for(world.officer_b).post(url, form(platform.pk)).status_code == 404
    other = f"/platforms/enterprises/{world.enterprise_b.pk}/"
    assert client_for(world.enterprise_user).post(other, form(platform.pk)).status_code == 404
    assert not CloudAdoption.objects.exists()


def test_finance_reads_but_does_not_record(world: World) -> None:
    platform = make_platform(world)
    url = f"/platforms/enterprises/{world.enterprise_a.pk}/"
    client = client_for(world.finance)
    page = client.get(url)
    assert page.status_code == 200 and 'id="adoption-form"' not in page.content.decode()
    assert client.post(url, form(platform.pk)).status_code == 403
    assert client_for(world.provider_user).get(url).status_code == 403
    assert not CloudAdoption.objects.exists()


def test_the_form_names_every_problem_in_chinese(world: World) -> None:
    url = f"/platforms/enterprises/{world.enterprise_a.pk}/"
    client = client_for(world.enterprise_user)
    body = client.post(url, form(since="2025-06-03", scenes=["S9.9"])).content.decode()
    assert "请选择平台，或填写所用云服务的名称。" in body
    assert "开始使用日期不能晚于今天。" in body
    assert "未知的应用场景：S9.9。" in body
    body = client.post(url, form(platform_id="999999", since="昨天")).content.decode()
    assert "输入一个有效的日期。" in body
    body = client.post(url, form(since="", scenes=[])).content.decode()
    assert "这个字段是必填项。" in body
    assert not CloudAdoption.objects.exists()


def test_the_service_refuses_with_every_reason(world: World) -> None:
    platform = make_platform(world)
    adopt(world.enterprise_user, world.enterprise_a, platform)
    before = AuditEntry.objects.count()
    data = services.AdoptionData(
        since=date(1989, 12, 31), scenes=["S2.1", "X"], platform_id=platform.pk, service_name="云"
    )
    with pytest.raises(ValidationError) as exc:
        services.record_adoption(world.enterprise_a.pk, data, actor=world.enterprise_user)
    assert exc.value.message_dict == {
        "platform": [f"该企业已登记使用平台“{platform.name}”。"],
        "service_name": ["平台与云服务名称只填一项：名录中的平台请直接选择。"],
        "since": ["开始使用日期不能早于1990年。"],
        "scenes": ["未知的应用场景：X。"],
    }
    data = services.AdoptionData(since=None, scenes=[], platform_id=999999)
    with pytest.raises(ValidationError) as exc:
        services.record_adoption(world.enterprise_a.pk, data, actor=world.enterprise_user)
    assert exc.value.message_dict == {
        "platform": ["请选择名录中的平台。"],
        "since": ["请填写开始使用日期。"],
        "scenes": ["请至少选择一个应用场景。"],
    }
    assert CloudAdoption.objects.count() == 1
    assert AuditEntry.objects.count() == before


def test_a_duplicate_cloud_service_is_refused(world: World) -> None:
    adopt(world.enterprise_user, world.enterprise_a, service_name="公有云主机")
    with pytest.raises(ValidationError) as exc:
        adopt(world.officer_a, world.enterprise_a, service_name="公有云主机")
    assert exc.value.message_dict == {"service_name": ["该企业已登记使用云服务“公有云主机”。"]}


def test_the_service_rechecks_scope(world: World) -> None:
    with pytest.raises(PermissionDenied):
        adopt(world.officer_b, world.enterprise_a, service_name="公有云主机")
    with pytest.raises(PermissionDenied):
        adopt(world.finance, world.enterprise_a, service_name="公有云主机")
    assert not CloudAdoption.objects.exists()


def test_an_enterprise_authorises_and_revokes_a_platform(world: World) -> None:
    platform = make_platform(world)
    client = client_for(world.enterprise_user)
    url = f"/platforms/enterprises/{world.enterprise_a.pk}/grants/"
    assert client.post(url, {"platform": platform.pk}).status_code == 302
    live = PlatformGrant.objects.get()
    assert live.is_live and live.granted_by == world.enterprise_user
    # Already granted: the platform is no longer offered, and the service names the reason.
    again = client.post(url, {"platform": platform.pk}).content.decode()
    assert f"已授权平台“{platform.name}”，无需重复授权。" in again
    with pytest.raises(ValidationError) as exc:
        grant(world.enterprise_user, platform)
    assert exc.value.messages == [f"已授权平台“{platform.name}”，无需重复授权。"]
    assert "请选择名录中的平台。" in client.post(url, {"platform": "999999"}).content.decode()
    assert PlatformGrant.objects.count() == 1
    response = client.post(f"/platforms/grants/{live.pk}/revoke/")
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.revoked_at is not None
    assert AuditEntry.objects.filter(action="platform.revoke_grant").count() == 1


def test_only_the_enterprise_authorises(world: World) -> None:
    platform = make_platform(world)
    url = f"/platforms/enterprises/{world.enterprise_a.pk}/grants/"
    assert client_for(world.officer_a).post(url, {"platform": platform.pk}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.authorise_platform(world.enterprise_a.pk, platform.pk, actor=world.city_admin)
    live = grant(world.enterprise_user, platform)
    revoke = f"/platforms/grants/{live.pk}/revoke/"
    assert client_for(world.officer_a).post(revoke).status_code == 404
    assert client_for(world.enterprise_user).get(revoke).status_code == 405
    assert PlatformGrant.objects.get().is_live


def test_the_enterprise_page_links_to_the_adoption_records(world: World) -> None:
    link = f'href="/platforms/enterprises/{world.enterprise_a.pk}/"'
    for user in (world.officer_a, world.enterprise_user):
        page = client_for(user).get(f"/enterprises/{world.enterprise_a.pk}/").content.decode()
        assert link in page
    page = client_for(world.assessor).get(f"/enterprises/{world.enterprise_a.pk}/")
    assert link not in page.content.decode()
