"""/api/v1/platforms: a platform pushes cloud adoption with its own token, only for the
enterprises that authorised it; for any other it gets the 404 of a code that does not exist."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dxpilot.audit.models import AuditEntry
from dxpilot.platforms.models import CloudAdoption, Platform
from dxpilot.platforms.tests.factories import adopt, grant, make_platform, platform_token
from dxpilot.testing import World, bearer, client_for, issue_token

pytestmark = pytest.mark.django_db

URL = "/api/v1/platforms/adoptions"


def push(secret: str, **payload: Any) -> Any:
    body = {"since": "2024-08-01", "scenes": ["S2.2", "S2.1"], **payload}
    return Client().post(URL, json.dumps(body), content_type="application/json", **bearer(secret))


@pytest.fixture
def platform(world: World) -> Platform:
    platform = make_platform(world, name="羚羊工业互联网平台")
    grant(world.enterprise_user, platform)  # enterprise_a authorises it; enterprise_b does not
    return platform


def test_a_platform_pushes_for_an_enterprise_that_authorised_it(
    world: World, platform: Platform
) -> None:
    secret = platform_token(world, platform)
    response = push(secret, credit_code=world.enterprise_a.credit_code.lower())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["source"] == "platform"
    assert data["scenes"] == ["S2.1", "S2.2"]  # stored in the edition's order
    assert data["platform_id"] == platform.pk
    adoption = CloudAdoption.objects.get()
    assert adoption.enterprise == world.enterprise_a
    assert AuditEntry.objects.filter(action="cloud_adoption.push").count() == 1
    # A second push updates the platform's row for that enterprise.
    again = push(secret, credit_code=world.enterprise_a.credit_code, scenes=["S2.4"])
    assert again.status_code == 200
    adoption.refresh_from_db()
    assert adoption.scenes == ["S2.4"]
    assert CloudAdoption.objects.count() == 1


def test_a_push_takes_over_the_enterprises_own_record_of_the_platform(
    world: World, platform: Platform
) -> None:
    adopt(world.enterprise_user, world.enterprise_a, platform, scenes=("S1.1",))
    response = push(platform_token(world, platform), credit_code=world.enterprise_a.credit_code)
    assert response.status_code == 200
    assert CloudAdoption.objects.get().source == "platform"


def test_pushing_for_another_enterprise_reveals_nothing(world: World, platform: Platform) -> None:
    secret = platform_token(world, platform)
    stranger = push(secret, credit_code=world.enterprise_b.credit_code)
    missing = push(secret, credit_code="91340100MA2NOSUCH1")
    assert stranger.status_code == missing.status_code == 404
    assert stranger.json() == missing.json() == {"detail": "没有找到该企业，或您无权查看。"}
    assert not CloudAdoption.objects.exists()


def test_a_revoked_authorisation_stops_the_pushes(world: World, platform: Platform) -> None:
    from dxpilot.platforms import services

    secret = platform_token(world, platform)
    live = platform.grants.get()
    services.revoke_platform_grant(live.pk, actor=world.enterprise_user)
    assert push(secret, credit_code=world.enterprise_a.credit_code).status_code == 404
    assert not CloudAdoption.objects.exists()


def test_another_platforms_grant_does_not_count(world: World, platform: Platform) -> None:
    other = make_platform(world, name="另一平台")
    response = push(platform_token(world, other), credit_code=world.enterprise_a.credit_code)
    assert response.status_code == 404
    assert not CloudAdoption.objects.exists()


def test_a_push_needs_the_cloud_write_scope_and_a_platform(
    world: World, platform: Platform
) -> None:
    platform_token(world, platform)
    platform.refresh_from_db()
    assert platform.client is not None
    read_only = issue_token(platform.client, ["platforms:read"], actor=world.city_admin)
    response = push(read_only, credit_code=world.enterprise_a.credit_code)
    assert response.status_code == 403
    assert response.json() == {"detail": "令牌没有“cloud:write”权限范围。"}
    admin = issue_token(world.city_admin, ["cloud:write"])
    response = push(admin, credit_code=world.enterprise_a.credit_code)
    assert response.status_code == 403
    assert response.json() == {"detail": "只有平台的接口客户端可以推送上云记录。"}
    assert Client().post(URL, "{}", content_type="application/json").status_code == 401
    assert not CloudAdoption.objects.exists()


def test_bad_payloads_are_refused_in_chinese_and_write_nothing(
    world: World, platform: Platform
) -> None:
    secret = platform_token(world, platform)
    code = world.enterprise_a.credit_code
    response = push(secret, credit_code=code, since="2025-06-03", scenes=["S2.1", "S7"])
    assert response.status_code == 400
    assert response.json() == {
        "detail": "请求被拒绝，数据未做任何修改。",
        "errors": [
            {"field": "since", "code": "invalid", "message": "开始使用日期不能晚于今天。"},
            {"field": "scenes", "code": "invalid", "message": "未知的应用场景：S7。"},
        ],
    }
    response = push(secret, credit_code=code, since="八月", scenes="S2.1")
    assert response.status_code == 422
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert messages == {"since": "日期格式应为 YYYY-MM-DD。", "scenes": "应为列表。"}
    response = Client().post(
        URL, json.dumps({"credit_code": code}), content_type="application/json", **bearer(secret)
    )
    assert {e["message"] for e in response.json()["errors"]} == {"缺少必填字段。"}
    assert not CloudAdoption.objects.exists()


def test_a_platform_reads_only_its_own_records(world: World, platform: Platform) -> None:
    secret = platform_token(world, platform)
    push(secret, credit_code=world.enterprise_a.credit_code)
    adopt(world.enterprise_user, world.enterprise_a, service_name="公有云主机")
    other = make_platform(world, name="另一平台")
    adopt(world.city_admin, world.enterprise_b, other)
    response = Client().get(URL, **bearer(secret))
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["credit_code"], i["platform_id"]) for i in items] == [
        (world.enterprise_a.credit_code, platform.pk)
    ]
    registry = Client().get("/api/v1/platforms", **bearer(secret)).json()
    assert [p["name"] for p in registry] == ["羚羊工业互联网平台"]
    assert Client().get(f"/api/v1/platforms/{other.pk}", **bearer(secret)).status_code == 404


def test_officials_read_adoptions_in_their_scope(world: World, platform: Platform) -> None:
    adopt(world.enterprise_user, world.enterprise_a, platform)
    adopt(world.city_admin, world.enterprise_b, service_name="公有云主机")
    officer_b = client_for(world.officer_b)
    items = officer_b.get(URL).json()["items"]
    assert [i["enterprise_id"] for i in items] == [world.enterprise_b.pk]
    assert client_for(world.city_admin).get(URL).json()["count"] == 2


def test_coverage_over_the_api(world: World, platform: Platform) -> None:
    secret = issue_token(world.city_admin, ["reports:read"])
    response = Client().get("/api/v1/platforms/coverage", **bearer(secret))
    assert response.status_code == 200
    assert response.json()["total"] == {"label": "合计", "total": 0, "covered": 0, "share": None}
    enterprise = issue_token(world.enterprise_user, ["reports:read"], actor=world.city_admin)
    assert Client().get("/api/v1/platforms/coverage", **bearer(enterprise)).status_code == 403
