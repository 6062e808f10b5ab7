"""The API's request limits (issue 14): an oversized body answers 413 and a deeply nested JSON
body 400, before anything is parsed; Pydantic's English never reaches the caller."""

from __future__ import annotations

import json

from django.test import Client, override_settings

from dxpilot.accounts.models import ApiToken
from dxpilot.enterprises.models import Enterprise
from dxpilot.testing import World, bearer, issue_token


def logged_in(world: World) -> Client:
    client = Client()
    client.force_login(world.city_admin)
    return client


def test_a_deeply_nested_body_to_score_is_refused_with_400(world: World) -> None:
    body = "[" * 100_000 + "]" * 100_000
    response = logged_in(world).post(
        "/api/v1/assessment/score", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "请求体的 JSON 嵌套过深（超过 32 层），未处理。"


def test_a_deeply_nested_body_to_a_schema_endpoint_is_refused_with_400(world: World) -> None:
    body = '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = logged_in(world).post("/api/v1/enterprises", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "请求体的 JSON 嵌套过深（超过 32 层），未处理。"
    assert Enterprise.objects.count() == 2


def test_a_body_that_is_not_json_is_refused_in_chinese(world: World) -> None:
    response = logged_in(world).post(
        "/api/v1/enterprises", "{nope", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "请求体不是有效的 JSON。"


def test_brackets_inside_strings_do_not_count_as_nesting(world: World) -> None:
    body = json.dumps({"edition": "[" * 100, "industry": "{{{", "answers": {}, "scenes": {}})
    response = logged_in(world).post(
        "/api/v1/assessment/score", body, content_type="application/json"
    )
    assert response.status_code == 422  # judged as an answer sheet, not refused as too deep


@override_settings(DXPILOT_API_MAX_BODY_BYTES=1000)
def test_an_oversized_body_is_refused_with_413(world: World) -> None:
    body = json.dumps({"edition": "2024", "padding": "x" * 2000})
    for path in ("/api/v1/assessment/score", "/api/v1/enterprises"):
        response = logged_in(world).post(path, body, content_type="application/json")
        assert response.status_code == 413, path
        assert response.json()["detail"].startswith("请求体过大：")


def test_the_default_body_limit_refuses_an_oversized_score_body(world: World) -> None:
    body = json.dumps({"edition": "2024", "padding": "x" * (2 * 1024 * 1024)})
    response = logged_in(world).post(
        "/api/v1/assessment/score", body, content_type="application/json"
    )
    assert response.status_code == 413


def test_pydantic_english_does_not_leak(world: World) -> None:
    secret = issue_token(world.city_admin, [ApiToken.Scope.CATALOGUE_WRITE])
    # A type Pydantic names in English and our table did not know ("uuid_parsing", "url_type"...)
    # is said generically; "finite_number" is said in Chinese.
    body = '{"name": "x", "kind": "software", "summary": "s", "segment_keys": [], "scenes": {},'
    body += ' "deployment": "saas", "price": Infinity, "price_unit": "set",'
    body += ' "implementation_days": {"a": 1}, "sample_enterprise_name": "x",'
    body += ' "sample_contract_date": "2024-01-01"}'
    response = Client().post(
        "/api/v1/providers/products", body, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Input should" not in text
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert messages["price"] == "应为有限的数字（不接受 NaN 或 Infinity）。"
    assert messages["implementation_days"] == "应为整数。"
