"""The API shell: /healthz for load balancers and the OpenAPI document listing the endpoints."""

from __future__ import annotations

from django.test import Client

from dxpilot.testing import World, client_for


def test_healthz_answers_200_json_without_login(db: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_rejects_post(db: None) -> None:
    assert Client().post("/healthz").status_code == 405


def test_openapi_lists_the_endpoints(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "dxpilot API"
    paths = document["paths"]
    assert set(paths["/api/v1/enterprises"]) >= {"get", "post"}
    assert "get" in paths["/api/v1/enterprises/{enterprise_id}"]
    assert "put" in paths["/api/v1/enterprises/by-credit-code/{credit_code}"]
    assert "get" in paths["/api/v1/program"]
    assert "post" in paths["/api/v1/assessment/score"]


def test_openapi_declares_bearer_authentication(db: None) -> None:
    schemes = Client().get("/api/v1/openapi.json").json()["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_the_interactive_docs_load_without_a_cdn(db: None) -> None:
    html = Client().get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr" not in html
    assert "unpkg.com" not in html


def test_the_program_endpoint_serves_the_current_programme(world: World) -> None:
    body = client_for(world.officer_a).get("/api/v1/program").json()
    assert body["key"] == "hefei"
    assert len(body["divisions"]) == 13
    assert len(body["segments"]) == 10
