"""The registry's rules judged alike through the form, the Excel import and the API (issue 14):
lengths equal to the model's, invisible text, NUL, number ranges, future founding dates,
e-mail, folded credit codes, and refusals that say no more than the role may learn."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dxpilot.accounts.models import ApiToken
from dxpilot.audit.models import AuditEntry
from dxpilot.enterprises.models import Enterprise
from dxpilot.exchange.models import ImportJob, ReportLine
from dxpilot.exchange.services import start_import
from dxpilot.exchange.tests.workbooks import row, upload, xlsx
from dxpilot.testing import World, bearer, client_for, enterprise_data, issue_token, valid_code

SCOPES = [ApiToken.Scope.ENTERPRISES_READ, ApiToken.Scope.ENTERPRISES_WRITE]
CODE = valid_code("91340104MA2TEQ030")
ZWSP = "\u200b"


def payload(**overrides: Any) -> dict[str, Any]:
    data = asdict(enterprise_data(CODE, "340104"))
    data["revenue"] = str(data["revenue"])
    data.update(overrides)
    return data


def api(world: World, method: str, path: str, data: Any, *, user: Any = None) -> Any:
    secret = issue_token(user or world.officer_a, SCOPES, actor=world.city_admin)
    body = data if isinstance(data, str | bytes) else None
    return getattr(Client(), method)(
        path,
        data=body if body is not None else data,
        content_type="application/json",
        **bearer(secret),
    )


def api_errors(response: Any) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "credit_code": CODE, "name": "合肥三门测试有限公司", "division_code": "340104", "zone_code": "",
        "industry_code": "3670", "segment_key": "auto-parts", "nature": "private", "srdi_tier": "none",
        "employees": "120", "revenue": "2500.00",
    }  # fmt: skip
    data.update(overrides)
    return data


def import_errors(world: World, content: bytes) -> list[tuple[int | None, str, str]]:
    job: ImportJob = start_import(
        world.program, "enterprises", upload(content), actor=world.officer_a
    )
    lines = job.lines.filter(outcome=ReportLine.Outcome.ERROR).order_by("row", "pk")
    return [(line.row, line.column, line.message) for line in lines]


class TestHugeNumbers:
    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("revenue", "1e30", "“营业收入（万元）”的值超出合理范围（不超过 9999999999.99）。"),
            (
                "revenue",
                "99999999999",
                "“营业收入（万元）”的值超出合理范围（不超过 9999999999.99）。",
            ),
            ("employees", 10**30, "“从业人员（人）”的值超出合理范围（不超过 10000000）。"),
        ],
    )
    def test_the_api_refuses_a_huge_number_and_writes_nothing(
        self, world: World, field: str, value: Any, message: str
    ) -> None:
        before, entries = (
            Enterprise.objects.count(),
            AuditEntry.objects.filter(action__startswith="enterprise.").count(),
        )
        response = api(
            world, "put", f"/api/v1/enterprises/by-credit-code/{CODE}", payload(**{field: value})
        )
        assert response.status_code == 400
        assert api_errors(response) == {field: message}
        assert (
            Enterprise.objects.count(),
            AuditEntry.objects.filter(action__startswith="enterprise.").count(),
        ) == (before, entries)

    def test_nan_and_infinity_are_refused_in_chinese(self, world: World) -> None:
        text = json.dumps({**payload(), "revenue": "__NAN__"}).replace('"__NAN__"', "NaN")
        response = api(world, "post", "/api/v1/enterprises", text)
        assert response.status_code == 422
        messages = api_errors(response)
        assert messages["revenue"] == "应为有限的数字（不接受 NaN 或 Infinity）。"
        assert "Input should" not in response.content.decode()


class TestLengthsAndText:
    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("name", "企" * 121, "“企业名称”最多 120 个字符，当前 121 个字符。"),
            ("name", "企" * 10_000, "“企业名称”最多 120 个字符，当前 10000 个字符。"),
            ("address", "路" * 5_000, "“地址”最多 200 个字符，当前 5000 个字符。"),
            ("contact_name", "张" * 500, "“联系人”最多 40 个字符，当前 500 个字符。"),
            ("contact_email", "not-an-email", "“电子邮箱”的“not-an-email”不是有效的电子邮箱。"),
            ("name", "合肥\x00测试", "“企业名称”含有不允许的空字符（NUL）。"),
            ("name", ZWSP, "“企业名称”只含有不可见字符，请填写内容。"),
            ("name", f"{ZWSP}\u202e{ZWSP}", "“企业名称”只含有不可见字符，请填写内容。"),
        ],
    )
    def test_the_api_applies_the_forms_limits(
        self, world: World, field: str, value: str, message: str
    ) -> None:
        before = Enterprise.objects.count()
        response = api(world, "post", "/api/v1/enterprises", payload(**{field: value}))
        assert response.status_code == 400
        assert api_errors(response) == {field: message}
        assert Enterprise.objects.count() == before

    def test_the_form_refuses_a_zero_width_name(self, world: World) -> None:
        response = client_for(world.officer_a).post("/enterprises/new/", form_data(name=ZWSP))
        assert response.status_code == 200
        assert response.context["form"].errors["name"] == [
            "“企业名称”只含有不可见字符，请填写内容。"
        ]
        assert not Enterprise.objects.filter(credit_code=CODE).exists()

    def test_the_import_refuses_a_zero_width_name_naming_the_row(self, world: World) -> None:
        before = Enterprise.objects.count()
        problems = import_errors(world, xlsx([row(1), row(2, **{"企业名称": ZWSP})]))
        assert problems == [(3, "企业名称", "“企业名称”只含有不可见字符，请填写内容。")]
        assert Enterprise.objects.count() == before

    def test_invisible_characters_inside_a_name_are_removed(self, world: World) -> None:
        response = api(
            world, "post", "/api/v1/enterprises", payload(name=f"合肥{ZWSP}测试\u202e有限公司")
        )
        assert response.status_code == 201
        assert Enterprise.objects.get(credit_code=CODE).name == "合肥测试有限公司"


class TestFoundingDate:
    def test_the_form_refuses_a_future_founding_date(self, world: World) -> None:
        tomorrow = timezone.localdate() + timedelta(days=1)
        response = client_for(world.officer_a).post(
            "/enterprises/new/", form_data(founded_on=tomorrow.isoformat())
        )
        assert response.context["form"].errors["founded_on"] == [
            f"“成立日期”的日期 {tomorrow.isoformat()} 晚于今天。"
        ]
        assert not Enterprise.objects.filter(credit_code=CODE).exists()

    def test_the_api_refuses_a_future_founding_date(self, world: World) -> None:
        tomorrow = timezone.localdate() + timedelta(days=1)
        response = api(
            world, "post", "/api/v1/enterprises", payload(founded_on=tomorrow.isoformat())
        )
        assert response.status_code == 400
        assert api_errors(response) == {
            "founded_on": f"“成立日期”的日期 {tomorrow.isoformat()} 晚于今天。"
        }


class TestCreditCodeFolding:
    def test_a_zero_width_space_in_a_credit_code_is_removed_everywhere(self, world: World) -> None:
        spaced = CODE[:9] + ZWSP + CODE[9:]
        response = client_for(world.officer_a).post(
            "/enterprises/new/", form_data(credit_code=spaced)
        )
        assert response.status_code == 302
        assert Enterprise.objects.filter(credit_code=CODE).exists()

    def test_a_full_width_credit_code_is_folded_by_the_form_and_the_api(self, world: World) -> None:
        wide = CODE.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789ABCDEFGHJKLMNPQRTUWXY"})
        response = client_for(world.officer_a).post(
            "/enterprises/new/", form_data(credit_code=wide)
        )
        assert response.status_code == 302
        assert Enterprise.objects.filter(credit_code=CODE).exists()
        other = valid_code("91340104MA2TEQ031")
        wide_other = other.translate({ord(c): ord(c) + 0xFEE0 for c in other})
        response = api(world, "put", f"/api/v1/enterprises/by-credit-code/{wide_other}", payload())
        assert response.status_code == 201
        assert response.json()["credit_code"] == other


class TestExistenceIsNotDisclosed:
    HIDDEN = "无法由您登记或更新；如该企业属于您的辖区，请联系市级管理员核实。"

    def test_an_officer_upserting_another_divisions_code_learns_neither_place_nor_name(
        self, world: World
    ) -> None:
        code = world.enterprise_b.credit_code
        response = api(
            world, "put", f"/api/v1/enterprises/by-credit-code/{code}", payload(credit_code=code)
        )
        assert response.status_code == 400
        body = response.content.decode()
        assert api_errors(response) == {"credit_code": f"统一社会信用代码“{code}”{self.HIDDEN}"}
        assert "其他区划" not in body
        assert world.enterprise_b.name not in body

    def test_an_officer_registering_another_divisions_code_is_told_the_same(
        self, world: World
    ) -> None:
        code = world.enterprise_b.credit_code
        response = client_for(world.officer_a).post(
            "/enterprises/new/", form_data(credit_code=code)
        )
        assert response.context["form"].errors["credit_code"] == [
            f"统一社会信用代码“{code}”{self.HIDDEN}"
        ]

    @pytest.mark.parametrize("persona", ["assessor", "enterprise_user", "provider_user"])
    def test_roles_without_registry_rights_get_403_whether_or_not_the_code_exists(
        self, world: World, persona: str
    ) -> None:
        user = getattr(world, persona)
        secret = issue_token(user, SCOPES, actor=world.city_admin)
        answers = []
        for code in (world.enterprise_b.credit_code, CODE):
            response = Client().put(
                f"/api/v1/enterprises/by-credit-code/{code}",
                data=payload(credit_code=code),
                content_type="application/json",
                **bearer(secret),
            )
            answers.append((response.status_code, response.json()["detail"]))
        assert answers == [(403, "只有市级管理员和县区工作人员可以登记或修改企业名录。")] * 2
        assert Enterprise.objects.count() == 2


def test_the_openapi_schema_shows_the_same_limits(db: None) -> None:
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    fields = schemas["EnterpriseIn"]["properties"]
    assert fields["name"]["maxLength"] == 120
    assert fields["contact_name"]["maxLength"] == 40
    assert fields["employees"]["maximum"] == 10_000_000
    assert schemas["ProductIn"]["properties"]["description"]["maxLength"] == 4000
