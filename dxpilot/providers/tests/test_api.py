"""The providers and catalogue API: anonymous catalogue, scoped providers and products."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dxpilot.accounts.models import ApiToken
from dxpilot.providers import services
from dxpilot.providers.models import Product
from dxpilot.providers.tests.factories import approved_provider, listed_product, product_data
from dxpilot.testing import World, bearer, issue_token

pytestmark = pytest.mark.django_db
JSON = "application/json"
PRODUCT = {
    "name": "质量追溯扫码系统", "kind": "software", "summary": "扫码追溯每一批次。", "segment_keys": ["auto-parts"],
    "scenes": {"质量管理": 3}, "deployment": "saas", "price": "19800", "price_unit": "year",
    "implementation_days": 10, "sample_enterprise_name": "合肥某车灯有限公司", "sample_contract_date": "2024-01-20",
}  # fmt: skip


def test_the_catalogue_is_anonymous_and_explains_matches(world: World) -> None:
    _provider, user = approved_provider(world)
    product = listed_product(world, user, description="采集设备数据，机台联网。")
    services.create_product(user.provider_id, product_data(name="草稿网关"), actor=user)
    response = Client().get("/api/v1/catalogue/products", {"q": "设备联网"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["terms"] == ["设备", "联网", "设备联网"]
    item = body["items"][0]
    assert item["id"] == product.pk and item["matched"][:2] == ["设备", "联网"]
    assert item["scenes"] == [{"scene": "设备管理", "level": 3}, {"scene": "能耗管理", "level": 2}]
    assert "status" not in item and "contact_phone" not in json.dumps(body)
    assert Client().get(f"/api/v1/catalogue/products/{product.pk}").json()["name"] == product.name
    directory = Client().get("/api/v1/catalogue/providers").json()
    assert user.provider.name in [p["name"] for p in directory]
    assert "13955556666" not in json.dumps(directory)


def test_scoped_endpoints_need_a_login_or_a_token_with_the_scope(world: World) -> None:
    assert Client().get("/api/v1/providers").status_code == 401
    secret = issue_token(world.city_admin, [ApiToken.Scope.ENTERPRISES_READ])
    response = Client().get("/api/v1/providers", **bearer(secret))
    assert response.status_code == 403
    assert response.json() == {"detail": "令牌没有“providers:read”权限范围。"}


def test_officials_see_status_decisions_and_masked_phones(world: World) -> None:
    provider, _user = approved_provider(world)
    secret = issue_token(world.city_admin, [ApiToken.Scope.PROVIDERS_READ])
    body = Client().get("/api/v1/providers", {"status": "approved"}, **bearer(secret)).json()
    item = next(p for p in body["items"] if p["id"] == provider.pk)
    assert item["status"] == "approved" and item["contact_phone_masked"] == "139****6666"
    assert [d["kind"] for d in item["decisions"]] == ["approve", "submit"]


def test_a_provider_creates_updates_and_submits_its_product_by_api(world: World) -> None:
    _provider, user = approved_provider(world)
    secret = issue_token(user, [ApiToken.Scope.CATALOGUE_READ, ApiToken.Scope.CATALOGUE_WRITE])
    client = Client(**bearer(secret))
    response = client.post("/api/v1/providers/products", PRODUCT, content_type=JSON)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "draft" and created["scenes"] == [{"scene": "质量管理", "level": 3}]
    response = client.put(
        f"/api/v1/providers/products/{created['id']}",
        {**PRODUCT, "price": "16800"},
        content_type=JSON,
    )
    assert response.json()["price"] == "16800.00"
    assert (
        client.post(f"/api/v1/providers/products/{created['id']}/submit").json()["status"]
        == "submitted"
    )


def test_bad_product_data_is_refused_with_every_reason(world: World) -> None:
    _provider, user = approved_provider(world)
    client = Client(**bearer(issue_token(user, [ApiToken.Scope.CATALOGUE_WRITE])))
    response = client.post("/api/v1/providers/products", {**PRODUCT, "scenes": {"元宇宙": 2}, "segment_keys": ["ic"]},
                           content_type=JSON)  # fmt: skip
    assert response.status_code == 400
    errors = {(e["field"], e["message"]) for e in response.json()["errors"]}
    assert errors == {("scenes", "“元宇宙”不是2024版评测指标中的应用场景。"),
                      ("segment_keys", "细分行业“集成电路”不在本服务商入库的服务范围内。")}  # fmt: skip
    assert not Product.objects.exists()


def test_a_provider_cannot_see_or_edit_another_providers_product(world: World) -> None:
    _provider, user = approved_provider(world)
    product = services.create_product(user.provider_id, product_data(), actor=user)
    other = Client(
        **bearer(
            issue_token(
                world.provider_user, [ApiToken.Scope.CATALOGUE_READ, ApiToken.Scope.CATALOGUE_WRITE]
            )
        )
    )
    assert other.get(f"/api/v1/providers/products/{product.pk}").status_code == 404
    assert (
        other.put(
            f"/api/v1/providers/products/{product.pk}", PRODUCT, content_type=JSON
        ).status_code
        == 404
    )
    assert other.get("/api/v1/providers/products").json()["count"] == 0
    officials = Client(**bearer(issue_token(world.city_admin, [ApiToken.Scope.CATALOGUE_WRITE])))
    assert (
        officials.post("/api/v1/providers/products", PRODUCT, content_type=JSON).status_code == 403
    )


def _count(path: str, params: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert Client().get(path, params).status_code == 200
    return len(captured)


def test_the_catalogue_endpoint_costs_the_same_queries_at_two_sizes(world: World) -> None:
    _provider, user = approved_provider(world)
    for n in range(2):
        listed_product(world, user, name=f"网关{n}号")
    small = (
        _count("/api/v1/catalogue/products", {"q": "设备"}),
        _count("/api/v1/catalogue/products", {}),
    )
    for n in range(2, 20):
        listed_product(world, user, name=f"网关{n}号")
    assert (
        _count("/api/v1/catalogue/products", {"q": "设备"}),
        _count("/api/v1/catalogue/products", {}),
    ) == small


def test_the_openapi_document_lists_the_endpoints_and_marks_the_catalogue_public(
    world: World,
) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/v1/catalogue/products", "/api/v1/catalogue/providers/{provider_id}", "/api/v1/providers",
                 "/api/v1/providers/products", "/api/v1/providers/products/{product_id}/submit"):  # fmt: skip
        assert path in paths, path
    assert "security" not in paths["/api/v1/catalogue/products"]["get"]
    assert paths["/api/v1/providers"]["get"]["security"]
