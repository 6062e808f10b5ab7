"""Chinese full-text search: jieba terms, the index, ranking and the explanation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dxpilot.providers import services
from dxpilot.providers.catalogue import Filters, search_catalogue
from dxpilot.providers.search import rank, tokenize
from dxpilot.providers.tests.factories import approved_provider, listed_product, product_data
from dxpilot.testing import World

pytestmark = pytest.mark.django_db


def test_tokenize_cuts_chinese_and_drops_stopwords() -> None:
    assert tokenize("设备联网") == ["设备", "联网", "设备联网"]
    assert tokenize("生产管控MES系统的排产") == ["生产", "管控", "生产管控", "mes", "系统", "排产"]
    assert tokenize("工业互联网平台")[:5] == ["工业", "互联", "联网", "互联网", "工业互联网"]
    assert tokenize("和 与 的 ，。") == []
    assert "质量管理" in tokenize("质量管理")  # scene names are whole words too
    assert tokenize("注塑车间MES12") == ["注塑", "车间", "mes12", "mes"]  # letter runs inside codes


def test_rank_orders_by_terms_matched_then_weight_times_idf() -> None:
    rows = [(1, "设备", 5), (1, "联网", 1), (2, "设备", 5), (3, "联网", 5), (3, "设备", 1)]
    hits = rank(["设备", "联网"], rows, total=10)
    # 1 and 3 both hold both terms; 联网 is rarer (2 products, 设备 3), so 3's strong 联网 wins.
    assert [h.product_id for h in hits] == [3, 1, 2]
    assert hits[0].matched == ["设备", "联网"]  # in query order, whatever the row order


@pytest.fixture
def catalogue(world: World) -> dict[str, int]:
    _provider, user = approved_provider(world, name="合肥智联数字科技有限公司")
    separate = listed_product(
        world, user, name="车间数字化套件", summary="面向机加车间的数字化改造。",
        description="采集设备运行状态，机台联网后在看板上展示。", scenes={"生产管控": 2},
    )  # fmt: skip
    together = listed_product(
        world,
        user,
        name="设备联网网关",
        summary="即插即用。",
        description="",
        scenes={"设备管理": 2},
    )
    device_only = listed_product(
        world, user, name="设备点巡检小程序", summary="扫码点检。", description="", scenes={"设备管理": 1},
        price=Decimal("3000"), deployment="saas", kind="software",
    )  # fmt: skip
    unrelated = listed_product(
        world, user, name="财务共享云", summary="总账与报表。", description="", scenes={"财务管理": 2},
        kind="cloud", deployment="saas", price=Decimal("12000"),
    )  # fmt: skip
    draft = services.create_product(user.provider_id, product_data(name="设备联网草稿"), actor=user)
    return {"separate": separate.pk, "together": together.pk, "device_only": device_only.pk,
            "unrelated": unrelated.pk, "draft": draft.pk}  # fmt: skip


def test_a_query_finds_a_product_described_with_both_words_apart(catalogue: dict[str, int]) -> None:
    result = search_catalogue(Filters(q="设备联网"))
    found = {r.product.pk: r.matched for r in result.results}
    assert found[catalogue["separate"]] == ["设备", "联网"]  # "采集设备…机台联网"
    assert catalogue["unrelated"] not in found
    assert catalogue["draft"] not in found  # only listed products are public


def test_results_rank_by_coverage_and_where_the_terms_occur(catalogue: dict[str, int]) -> None:
    ranked = [r.product.pk for r in search_catalogue(Filters(q="设备联网")).results]
    assert ranked[0] == catalogue["together"]  # all three terms, in the name
    assert ranked.index(catalogue["separate"]) < ranked.index(
        catalogue["device_only"]
    )  # two terms beat one
    assert result_terms("设备联网") == ["设备", "联网", "设备联网"]


def result_terms(q: str) -> list[str]:
    return search_catalogue(Filters(q=q)).terms


def test_filters_narrow_the_search(catalogue: dict[str, int]) -> None:
    def ids(**filters: object) -> set[int]:
        return {r.product.pk for r in search_catalogue(Filters(**filters)).results}  # type: ignore[arg-type]

    assert ids(scene="设备管理") == {catalogue["together"], catalogue["device_only"]}
    assert ids(scene="设备管理", min_level=2) == {catalogue["together"]}
    assert ids(deployment="saas") == {catalogue["device_only"], catalogue["unrelated"]}
    assert ids(kind="cloud") == {catalogue["unrelated"]}
    assert ids(price_min=Decimal("5000"), price_max=Decimal("20000")) == {catalogue["unrelated"]}
    assert ids(q="设备", deployment="saas") == {catalogue["device_only"]}
    assert ids(segment="nev") == set()
