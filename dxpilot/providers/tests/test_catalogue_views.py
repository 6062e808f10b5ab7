"""The public catalogue pages: no login, only listed products, no contact data, comparison,
and a constant number of queries whatever the catalogue's size."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxpilot.providers import services
from dxpilot.providers.tests.factories import approved_provider, listed_product, product_data
from dxpilot.testing import World, client_for

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
SEGMENTS = ("auto-parts", "power-equipment", "home-appliances", "nev", "ic")


@pytest.fixture
def listed(world: World) -> list[int]:
    _provider, user = approved_provider(world, name="合肥智联数字科技有限公司")
    return [
        listed_product(
            world, user, name=f"设备联网网关{n}号", description="采集设备数据，机台联网。"
        ).pk
        for n in range(1, 7)
    ]


def test_anyone_searches_the_catalogue_and_sees_why_a_result_matched(
    world: World, listed: list[int]
) -> None:
    response = client_for(None).get("/catalogue/", {"q": "设备联网"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "设备联网网关1号" in html
    assert "匹配：<mark>设备</mark>、<mark>联网</mark>" in html
    assert "按“设备、联网、设备联网”找到 6 个产品" in html


def test_the_results_partial_answers_htmx(world: World, listed: list[int]) -> None:
    response = client_for(None).get("/catalogue/", {"q": "财务"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html and "没有找到符合条件的产品" in html


def test_a_bad_price_is_reported_and_ignored(world: World, listed: list[int]) -> None:
    response = client_for(None).get("/catalogue/", {"price_min": "abc", "price_max": "10"})
    html = response.content.decode()
    assert "请输入一个数字。" in html or "输入一个数字" in html
    assert "找到 0 个产品" not in html  # price_max=10 alone still applies
    assert "共 0 个产品" in html


def test_public_pages_never_show_contact_data(world: World, listed: list[int]) -> None:
    product_page = client_for(None).get(f"/catalogue/products/{listed[0]}/").content.decode()
    from dxpilot.providers.models import Product

    provider = Product.objects.get(pk=listed[0]).provider
    provider_page = client_for(None).get(f"/catalogue/providers/{provider.pk}/").content.decode()
    directory = client_for(None).get("/catalogue/providers/").content.decode()
    for html in (product_page, provider_page, directory):
        assert "13955556666" not in html and "李娜" not in html and "李*" not in html
        assert "营业执照" not in html  # attachments stay internal
    assert provider.name in provider_page and "设备联网网关1号" in provider_page


def test_unlisted_products_and_unapproved_providers_are_not_public(world: World) -> None:
    provider, user = approved_provider(world)
    draft = services.create_product(user.provider_id, product_data(), actor=user)
    anonymous = client_for(None)
    assert anonymous.get(f"/catalogue/products/{draft.pk}/").status_code == 404
    product = listed_product(world, user, name="能耗监测云平台")
    services.suspend_provider(provider.pk, actor=world.city_admin, reasons="整改。")
    assert anonymous.get(f"/catalogue/products/{product.pk}/").status_code == 404
    assert anonymous.get(f"/catalogue/providers/{provider.pk}/").status_code == 404


def test_compare_holds_four_products_and_refuses_a_fifth(world: World, listed: list[int]) -> None:
    anonymous = client_for(None)
    for pk in listed[:4]:
        response = anonymous.post(f"/catalogue/compare/add/{pk}/", **HTMX)
        assert response.status_code == 200
    response = anonymous.post(f"/catalogue/compare/add/{listed[4]}/", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "最多可同时对比 4 个产品，请先移除一个再添加。" in html
    assert "对比（4/4）" in html and "设备联网网关5号" not in html
    anonymous.post(f"/catalogue/compare/remove/{listed[0]}/", **HTMX)
    html = anonymous.post(f"/catalogue/compare/add/{listed[4]}/", **HTMX).content.decode()
    assert "设备联网网关5号" in html and "最多可同时对比" not in html
    table = anonymous.get("/catalogue/compare/").content.decode()
    assert table.count('scope="col"') == 5  # the label column and four products
    assert "设备管理" in table and "三级" in table


def test_compare_refuses_a_product_that_is_not_listed(world: World) -> None:
    _provider, user = approved_provider(world)
    draft = services.create_product(user.provider_id, product_data(), actor=user)
    html = client_for(None).post(f"/catalogue/compare/add/{draft.pk}/", **HTMX).content.decode()
    assert "该产品不在产品目录中，不能对比。" in html


def test_compare_without_htmx_redirects_back(world: World, listed: list[int]) -> None:
    response = client_for(None).post(
        f"/catalogue/compare/add/{listed[0]}/", {"next": "/catalogue/?q=设备"}
    )
    assert response.status_code == 302 and response.url == "/catalogue/?q=%E8%AE%BE%E5%A4%87"
    response = client_for(None).post(
        f"/catalogue/compare/add/{listed[0]}/", {"next": "https://evil.example/"}
    )
    assert response.url == "/catalogue/compare/"


def queries(path: str, params: dict[str, Any] | None = None) -> int:
    client = client_for(None)
    client.post("/catalogue/compare/add/0/", **HTMX)  # start a session so both sizes load it alike
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params", [{}, {"q": "设备联网"}, {"q": "设备", "scene": "设备管理", "deployment": "hybrid"}]
)
def test_the_search_page_costs_the_same_queries_at_two_sizes(
    world: World, params: dict[str, Any]
) -> None:
    _provider, user = approved_provider(world)
    for n in range(3):
        listed_product(world, user, name=f"设备联网网关{n}号")
    small = queries("/catalogue/", params)
    for n in range(3, 30):
        listed_product(world, user, name=f"设备联网网关{n}号", segment_keys=("auto-parts",))
    assert queries("/catalogue/", params) == small


def test_product_provider_and_compare_pages_cost_the_same_queries_at_two_sizes(
    world: World,
) -> None:
    provider, user = approved_provider(world)
    first = listed_product(world, user, name="网关0号")
    small = [queries(f"/catalogue/products/{first.pk}/"), queries(f"/catalogue/providers/{provider.pk}/"),
             queries("/catalogue/providers/")]  # fmt: skip
    for n in range(1, 15):
        listed_product(world, user, name=f"网关{n}号")
        approved_provider(world, "specialised", (SEGMENTS[n % len(SEGMENTS)],))
    large = [queries(f"/catalogue/products/{first.pk}/"), queries(f"/catalogue/providers/{provider.pk}/"),
             queries("/catalogue/providers/")]  # fmt: skip
    assert large == small
