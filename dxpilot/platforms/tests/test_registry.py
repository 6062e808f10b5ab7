"""The platform registry: the city admin registers and edits; every refusal is named and
leaves the database unchanged; a platform's push token comes from the accounts machinery."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.accounts.models import ApiToken, Role
from dxpilot.audit.models import AuditEntry
from dxpilot.platforms import services
from dxpilot.platforms.models import Platform
from dxpilot.platforms.tests.factories import make_platform, platform_data
from dxpilot.testing import World, client_for

pytestmark = pytest.mark.django_db

FORM = {
    "name": "羚羊工业互联网平台",
    "operator": "科大讯飞股份有限公司",
    "kind": "industrial_internet",
    "level": "cross_industry",
    "segment_keys": ["auto-parts", "nev"],
    "system_group": "top20",
    "recognised_on": "2024-10-18",
}


def test_it_registers_a_platform_with_an_audit_entry(world: World) -> None:
    response = client_for(world.city_admin).post("/platforms/new/", FORM)
    platform = Platform.objects.get(name="羚羊工业互联网平台")
    assert response.status_code == 302
    assert response["Location"] == f"/platforms/{platform.pk}/"
    assert platform.level == "cross_industry"
    assert platform.recognised_on == date(2024, 10, 18)
    assert sorted(s.key for s in platform.segments.all()) == ["auto-parts", "nev"]
    entry = AuditEntry.objects.get(action="platform.register")
    assert entry.changes["segments"] == [None, ["auto-parts", "nev"]]


def test_it_lists_platforms_for_officials_and_enterprises(world: World) -> None:
    make_platform(world, name="徽匠行业级平台", kind="industry")
    for user in (world.city_admin, world.officer_b, world.finance, world.enterprise_user):
        response = client_for(user).get("/platforms/")
        assert response.status_code == 200
        assert "徽匠行业级平台" in response.content.decode()


def test_it_filters_the_list_with_htmx(world: World) -> None:
    make_platform(world, name="徽匠行业级平台", kind="industry")
    make_platform(world, name="另一工业互联网平台")
    response = client_for(world.officer_a).get(
        "/platforms/?kind=industry", headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "徽匠行业级平台" in body and "另一工业互联网平台" not in body
    assert "<h1>" not in body  # the rows partial only


def test_providers_assessors_and_anonymous_cannot_read_the_registry(world: World) -> None:
    assert client_for(world.provider_user).get("/platforms/").status_code == 403
    assert client_for(world.assessor).get("/platforms/").status_code == 403
    assert client_for(None).get("/platforms/").status_code == 302


def test_only_the_city_admin_registers(world: World) -> None:
    response = client_for(world.officer_a).post("/platforms/new/", FORM)
    assert response.status_code == 403
    assert not Platform.objects.exists()
    with pytest.raises(PermissionDenied):
        services.register_platform(world.program, platform_data(), actor=world.officer_a)


def test_the_list_rejects_post(world: World) -> None:
    assert client_for(world.city_admin).post("/platforms/").status_code == 405


def test_it_names_every_problem_and_writes_nothing(world: World) -> None:
    make_platform(world, name="已登记平台")
    before = AuditEntry.objects.count()
    data = platform_data(
        name="已登记平台",
        operator=" ",
        kind="cloud",
        level="county",
        system_group="top10",
        segment_keys=("auto-parts", "rockets"),
    )
    with pytest.raises(ValidationError) as exc:
        services.register_platform(world.program, data, actor=world.city_admin)
    assert exc.value.message_dict == {
        "name": ["平台“已登记平台”已在名录中。"],
        "operator": ["请填写运营单位。"],
        "kind": ["平台类型“cloud”无效。"],
        "level": ["平台级别“county”无效。"],
        "system_group": ["“20+80”体系分组“top10”无效。"],
        "segments": ["未知的细分行业：rockets。"],
    }
    assert Platform.objects.count() == 1
    assert AuditEntry.objects.count() == before


def test_a_national_platform_needs_its_recognition_date_and_only_it(world: World) -> None:
    client = client_for(world.city_admin)
    response = client.post("/platforms/new/", {**FORM, "recognised_on": ""})
    assert response.status_code == 200
    assert "国家级平台须填写国家级认定日期。" in response.content.decode()
    response = client.post("/platforms/new/", {**FORM, "level": "city"})
    assert "只有国家级（含“双跨”）平台填写国家级认定日期。" in response.content.decode()
    response = client.post("/platforms/new/", {**FORM, "recognised_on": "2025-06-03"})
    assert "国家级认定日期不能晚于今天。" in response.content.decode()
    assert not Platform.objects.exists()


def test_the_form_refuses_unknown_choices_in_chinese(world: World) -> None:
    response = client_for(world.city_admin).post(
        "/platforms/new/", {**FORM, "kind": "cloud", "recognised_on": "明天"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "选择一个有效的选项" in body
    assert "输入一个有效的日期" in body
    assert not Platform.objects.exists()


def test_it_edits_a_platform_and_audits_the_change(world: World) -> None:
    platform = make_platform(world)
    response = client_for(world.city_admin).post(
        f"/platforms/{platform.pk}/edit/",
        {**FORM, "name": platform.name, "level": "provincial", "recognised_on": ""},
    )
    assert response.status_code == 302
    platform.refresh_from_db()
    assert platform.level == "provincial"
    assert platform.system_group == "top20"
    entry = AuditEntry.objects.filter(action="platform.update").get()
    assert entry.changes["system_group"] == ["none", "top20"]
    assert entry.changes["segments"] == [["auto-parts"], ["auto-parts", "nev"]]


def test_the_detail_page_is_for_officials(world: World) -> None:
    platform = make_platform(world)
    assert client_for(world.officer_b).get(f"/platforms/{platform.pk}/").status_code == 200
    assert client_for(world.enterprise_user).get(f"/platforms/{platform.pk}/").status_code == 403
    assert client_for(world.city_admin).get("/platforms/999999/").status_code == 404


def test_the_city_admin_issues_a_push_token_once_shown(world: World) -> None:
    platform = make_platform(world)
    client = client_for(world.city_admin)
    response = client.post(f"/platforms/{platform.pk}/token/")
    assert response.status_code == 302
    platform.refresh_from_db()
    assert platform.client is not None
    assert platform.client.role == Role.API_CLIENT
    assert not platform.client.has_usable_password()
    token = ApiToken.objects.get(user=platform.client)
    assert sorted(token.scopes) == ["cloud:write", "platforms:read"]
    page = client.get(f"/platforms/{platform.pk}/").content.decode()
    assert "dxp_" in page
    assert "dxp_" not in client.get(f"/platforms/{platform.pk}/").content.decode()
    # A second token reuses the same client account.
    client.post(f"/platforms/{platform.pk}/token/")
    assert ApiToken.objects.filter(user=platform.client).count() == 2


def test_officers_cannot_issue_tokens(world: World) -> None:
    platform = make_platform(world)
    assert client_for(world.officer_a).post(f"/platforms/{platform.pk}/token/").status_code == 403
    assert not ApiToken.objects.exists()
