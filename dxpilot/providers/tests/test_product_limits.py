"""Product writes judged by the shared validation layer (issue 14): the API, the form and the
import refuse the same over-long, invisible, NUL and out-of-range values; nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dxpilot.accounts.models import ApiToken
from dxpilot.exchange.models import ReportLine
from dxpilot.exchange.services import start_import
from dxpilot.exchange.tests.workbooks import upload, xlsx
from dxpilot.providers.models import Product
from dxpilot.providers.tests.factories import approved_provider
from dxpilot.providers.tests.test_api import JSON, PRODUCT
from dxpilot.testing import World, bearer, client_for, issue_token

pytestmark = pytest.mark.django_db


def post(world: World, **overrides: Any) -> Any:
    _provider, user = approved_provider(world)
    client = Client(**bearer(issue_token(user, [ApiToken.Scope.CATALOGUE_WRITE])))
    return client.post("/api/v1/providers/products", {**PRODUCT, **overrides}, content_type=JSON)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price", "1e30", "“价格（元）”的值超出合理范围（不超过 9999999999.99）。"),
        ("name", "品" * 10_000, "“产品名称”最多 120 个字符，当前 10000 个字符。"),
        ("summary", "介" * 10_000, "“一句话介绍”最多 200 个字符，当前 10000 个字符。"),
        ("description", "介" * 10_000, "“产品介绍”最多 4000 个字符，当前 10000 个字符。"),
        ("name", "扫码\x00系统", "“产品名称”含有不允许的空字符（NUL）。"),
    ],
)
def test_the_api_refuses_what_the_form_would(
    world: World, field: str, value: str, message: str
) -> None:
    response = post(world, **{field: value})
    assert response.status_code == 400
    assert {e["field"]: e["message"] for e in response.json()["errors"]} == {field: message}
    assert not Product.objects.exists()


def test_a_zero_width_name_is_refused_by_the_api(world: World) -> None:
    response = post(world, name="\u200b\u200b")
    assert response.status_code == 400
    assert {e["field"]: e["message"] for e in response.json()["errors"]} == {
        "name": "产品名称不能为空。"
    }
    assert not Product.objects.exists()


def test_a_huge_implementation_period_is_refused_not_a_500(world: World) -> None:
    response = post(world, implementation_days=10**30)
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "数值不能大于 365。"
    assert not Product.objects.exists()


def test_a_zero_width_name_is_refused_by_the_form(world: World) -> None:
    _provider, user = approved_provider(world)
    data = {**PRODUCT, "name": "\u200b", "segment_keys": ["auto-parts"], "scene_0": "3"}
    response = client_for(user).post("/providers/products/new/", data)
    assert response.status_code == 200
    assert "产品名称不能为空。" in response.content.decode()
    assert not Product.objects.exists()


def test_a_zero_width_name_is_refused_by_the_import(world: World) -> None:
    _provider, user = approved_provider(world)
    headers = ["产品名称", "产品类型", "一句话介绍", "部署方式", "价格（元）", "计价单位", "实施周期（天）",
               "应用场景及可达等级", "适用细分行业", "样板项目企业", "样板项目合同日期"]  # fmt: skip
    line = ["\u200b", "软件", "扫码追溯", "SaaS 云端订阅", 19800, "元/年", 10, "质量管理:3",
            "汽车零部件及配件制造", "合肥某车灯有限公司", "2024-01-20"]  # fmt: skip
    job = start_import(
        world.program,
        "products",
        upload(xlsx([line], headers=headers, sheet_title="产品"), "产品.xlsx"),
        actor=user,
    )
    lines = job.lines.filter(outcome=ReportLine.Outcome.ERROR)
    assert [(x.row, x.message) for x in lines] == [(2, "产品名称不能为空。")]
    assert not Product.objects.exists()
