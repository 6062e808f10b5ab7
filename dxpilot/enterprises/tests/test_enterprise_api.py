"""The enterprises API: create, idempotent upsert by credit code, every refusal listed in Chinese."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.test import Client

from dxpilot.accounts.models import ApiToken
from dxpilot.audit.models import AuditEntry
from dxpilot.enterprises.models import Enterprise
from dxpilot.testing import World, bearer, enterprise_data, issue_token, valid_code

SCOPES = [ApiToken.Scope.ENTERPRISES_READ, ApiToken.Scope.ENTERPRISES_WRITE]
CODE = valid_code("91340104MA2TEQ020")


def payload(code: str = CODE, division: str = "340104", **overrides: Any) -> dict[str, Any]:
    data = asdict(enterprise_data(code, division, **overrides))
    data["revenue"] = str(data["revenue"])
    return data


def send(method: str, path: str, secret: str, data: dict[str, Any], **extra: str) -> Any:
    return getattr(Client(**extra), method)(
        path, data=data, content_type="application/json", **bearer(secret)
    )


class TestCreate:
    def test_it_works(self, world: World) -> None:
        secret = issue_token(world.officer_a, SCOPES, actor=world.city_admin)
        response = send("post", "/api/v1/enterprises", secret, payload())
        assert response.status_code == 201
        body = response.json()
        assert body["credit_code"] == CODE
        assert body["division_code"] == "340104"
        assert body["size_class"] == "small"
        assert Enterprise.objects.filter(credit_code=CODE).count() == 1

    def test_bad_data_is_refused_with_every_reason_in_chinese(self, world: World) -> None:
        secret = issue_token(world.city_admin, SCOPES)
        bad = payload(
            code=CODE[:17] + ("0" if CODE[17] != "0" else "1"),
            division="999999",
            industry_code="9999",
            segment_key="no-such-segment",
            nature="collective",
        )
        entries = AuditEntry.objects.count()
        response = send("post", "/api/v1/enterprises", secret, bad)
        assert response.status_code == 400
        body = response.json()
        assert body["detail"] == "请求被拒绝，数据未做任何修改。"
        messages = {e["field"]: e["message"] for e in body["errors"]}
        assert messages == {
            "credit_code": f"统一社会信用代码“{bad['credit_code']}”的校验位不正确。",
            "division_code": "行政区划代码“999999”不在本试点方案中。",
            "industry_code": "行业代码“9999”不是已登记的4位行业小类。",
            "segment_key": "细分行业“no-such-segment”不在本试点方案中。",
            "nature": "企业性质“collective”无效。",
        }
        assert Enterprise.objects.count() == 2
        assert AuditEntry.objects.count() == entries

    def test_malformed_fields_are_refused_with_422_listing_each_field(self, world: World) -> None:
        secret = issue_token(world.city_admin, SCOPES)
        bad = payload(employees=-3)
        del bad["name"]
        bad["revenue"] = "lots"
        response = send("post", "/api/v1/enterprises", secret, bad)
        assert response.status_code == 422
        body = response.json()
        assert body["detail"] == "请求数据有误。"
        fields = {e["field"] for e in body["errors"]}
        assert fields == {"name", "employees", "revenue"}
        messages = {e["field"]: e["message"] for e in body["errors"]}
        assert messages == {
            "name": "缺少必填字段。",
            "employees": "数值不能小于 0。",
            "revenue": "应为数字。",
        }
        assert Enterprise.objects.count() == 2

    def test_an_officer_cannot_create_in_another_division(self, world: World) -> None:
        secret = issue_token(world.officer_a, SCOPES, actor=world.city_admin)
        response = send("post", "/api/v1/enterprises", secret, payload(division="340111"))
        assert response.status_code == 400
        assert response.json()["errors"] == [
            {"field": "division_code", "code": "invalid", "message": "您无权在该区划登记企业。"}
        ]


class TestUpsertByCreditCode:
    def test_it_creates_then_updates_without_duplicating(self, world: World) -> None:
        secret = issue_token(world.officer_a, SCOPES, actor=world.city_admin)
        path = f"/api/v1/enterprises/by-credit-code/{CODE}"
        first = send("put", path, secret, payload())
        assert first.status_code == 201
        second = send("put", path, secret, payload(employees=18))
        assert second.status_code == 200
        assert second.json()["id"] == first.json()["id"]
        assert second.json()["size_class"] == "micro"
        assert Enterprise.objects.filter(credit_code=CODE).count() == 1

    def test_the_path_code_wins_and_is_normalised(self, world: World) -> None:
        secret = issue_token(world.city_admin, SCOPES)
        other = valid_code("91340104MA2TEQ021")
        response = send(
            "put", f"/api/v1/enterprises/by-credit-code/{CODE.lower()}", secret, payload(code=other)
        )
        assert response.status_code == 201
        assert response.json()["credit_code"] == CODE
        assert not Enterprise.objects.filter(credit_code=other).exists()
        again = send("put", f"/api/v1/enterprises/by-credit-code/{CODE}", secret, payload())
        assert again.status_code == 200

    def test_an_existing_code_in_another_division_is_refused_and_not_revealed(
        self, world: World
    ) -> None:
        secret = issue_token(world.officer_b, SCOPES, actor=world.city_admin)
        code = world.enterprise_a.credit_code
        response = send(
            "put",
            f"/api/v1/enterprises/by-credit-code/{code}",
            secret,
            payload(code=code, division="340111", name="改名"),
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["message"] == (
            f"统一社会信用代码“{code}”无法由您登记或更新；如该企业属于您的辖区，请联系市级管理员核实。"
        )
        assert world.enterprise_a.name not in response.content.decode()
        assert Enterprise.objects.get(pk=world.enterprise_a.pk).name == world.enterprise_a.name

    def test_an_unchanged_upsert_writes_no_audit_entry(self, world: World) -> None:
        secret = issue_token(world.city_admin, SCOPES)
        path = f"/api/v1/enterprises/by-credit-code/{CODE}"
        send("put", path, secret, payload())
        entries = AuditEntry.objects.count()
        assert send("put", path, secret, payload()).status_code == 200
        assert AuditEntry.objects.count() == entries

    def test_api_writes_are_audited_as_api_with_the_address(self, world: World) -> None:
        secret = issue_token(world.city_admin, SCOPES)
        path = f"/api/v1/enterprises/by-credit-code/{CODE}"
        send("put", path, secret, payload(), REMOTE_ADDR="192.0.2.44")
        send("put", path, secret, payload(employees=400), REMOTE_ADDR="192.0.2.44")
        entry = AuditEntry.objects.filter(action="enterprise.update").latest("seq")
        assert entry.via == "api"
        assert entry.ip == "192.0.2.44"
        assert entry.actor_id == world.city_admin.pk
        assert entry.changes["employees"] == [120, 400]
        assert entry.changes["size_class"] == ["small", "medium"]
