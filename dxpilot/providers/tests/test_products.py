"""Products: validation against the indicator set, the review flow, listing, excellent products."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.audit.models import AuditEntry
from dxpilot.providers import services
from dxpilot.providers.models import Product, ProductTerm
from dxpilot.providers.selectors import public_products
from dxpilot.providers.tests.factories import (
    applied_provider,
    approved_provider,
    listed_product,
    product_data,
    reviewed_product,
    submitted_product,
)
from dxpilot.testing import World

pytestmark = pytest.mark.django_db


def state(product: Product) -> tuple[Any, ...]:
    product.refresh_from_db()
    return (
        product.status,
        product.revision,
        product.is_excellent,
        product.decisions.count(),
        AuditEntry.objects.count(),
    )


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [m for ms in exc.value.message_dict.values() for m in ms]


def test_a_provider_in_the_pool_registers_a_product_with_scenes_and_levels(world: World) -> None:
    _provider, user = approved_provider(world, segments=("auto-parts", "nev"))
    product = services.create_product(
        user.provider_id, product_data(segment_keys=("auto-parts", "nev")), actor=user
    )
    assert product.status == Product.Status.DRAFT
    assert {s.scene: s.level for s in product.scenes.all()} == {"设备管理": 3, "能耗管理": 2}
    assert sorted(product.segments.values_list("key", flat=True)) == ["auto-parts", "nev"]
    assert ProductTerm.objects.filter(product=product, term="设备").exists()  # indexed for search


def test_product_data_is_checked_against_the_indicator_set_and_the_provider(world: World) -> None:
    _provider, user = approved_provider(world)
    bad = product_data(
        name="", kind="hardware", scenes={"元宇宙": 2, "设备管理": 5}, segment_keys=("ic",), deployment="cloud",
        price=Decimal("-1"), implementation_days=400, sample_enterprise_name="",
        sample_contract_date=date(2023, 5, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.create_product(user.provider_id, bad, actor=user)
    assert exc.value.message_dict == {
        "name": ["产品名称不能为空。"],
        "kind": ["产品类型“hardware”无效。"],
        "deployment": ["部署方式“cloud”无效。"],
        "price": ["价格不能为负数。"],
        "implementation_days": ["实施周期应为 1 到 365 天。"],
        "scenes": [
            "“元宇宙”不是2024版评测指标中的应用场景。",
            "场景“设备管理”的可达等级应为1-4级。",
        ],
        "segment_keys": ["细分行业“集成电路”不在本服务商入库的服务范围内。"],
        "sample_enterprise_name": ["请填写样板项目企业（一产品、一样板）。"],
        "sample_contract_date": ["样板项目合同应签订于 2023-10-11 之后。"],
    }
    assert not Product.objects.exists()


def test_only_providers_in_the_pool_register_products(world: World) -> None:
    provider, user = applied_provider(world)
    with pytest.raises(ValidationError) as exc:
        services.create_product(provider.pk, product_data(), actor=user)
    assert "服务商当前状态为“待审核”，只有已入库的服务商可以登记产品。" in messages(exc)
    with pytest.raises(PermissionDenied):  # nor for another provider
        services.create_product(provider.pk, product_data(), actor=world.provider_user)


def test_a_product_goes_from_draft_to_listed_and_back(world: World) -> None:
    _provider, user = approved_provider(world)
    product = submitted_product(world, user)
    assert product.status == Product.Status.SUBMITTED and product.batch is not None
    services.return_product(product.pk, actor=world.city_admin, reasons="样板项目合同缺少盖章页。")
    services.update_product(product.pk, product_data(summary="三天接入，断网续传。"), actor=user)
    services.submit_product(product.pk, actor=user)
    services.review_product(product.pk, actor=world.city_admin, opinion="材料、演示、测试均通过。",
                            paper_ok=True, demo_ok=True, test_ok=True)  # fmt: skip
    services.list_product(product.pk, actor=world.city_admin)
    assert public_products().filter(pk=product.pk).exists()
    services.delist_product(product.pk, actor=user, reasons="产品升级换代，暂停销售。")
    assert not public_products().filter(pk=product.pk).exists()
    services.list_product(product.pk, actor=world.city_admin, reasons="新版本复核通过。")
    kinds = list(product.decisions.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == ["submit", "return", "submit", "review", "list", "delist", "list"]


def test_a_review_that_did_not_pass_every_check_is_refused(world: World) -> None:
    _provider, user = approved_provider(world)
    product = submitted_product(world, user)
    before = state(product)
    with pytest.raises(ValidationError) as exc:
        services.review_product(
            product.pk,
            actor=world.city_admin,
            opinion="",
            paper_ok=True,
            demo_ok=False,
            test_ok=False,
        )
    assert messages(exc) == [
        "评审未通过的环节：现场答辩与演示、技术测试。评审须全部通过；否则请退回并写明理由。",
        "请填写评审意见。",
    ]
    assert state(product) == before


def test_transitions_out_of_order_are_refused_and_change_nothing(world: World) -> None:
    _provider, user = approved_provider(world)
    product = services.create_product(user.provider_id, product_data(), actor=user)
    before = state(product)
    with pytest.raises(ValidationError) as exc:
        services.list_product(product.pk, actor=world.city_admin)
    assert messages(exc) == ["产品“设备联网数据采集网关”当前状态为“填写中”，不能上架。"]
    with pytest.raises(ValidationError) as exc:
        services.delist_product(product.pk, actor=world.city_admin, reasons="下架")
    assert messages(exc) == ["产品“设备联网数据采集网关”当前状态为“填写中”，不能下架。"]
    with pytest.raises(ValidationError) as exc:
        services.select_excellent(
            product.pk, actor=world.city_admin, excellent=True, reasons="优秀"
        )
    assert messages(exc) == ["产品“设备联网数据采集网关”当前状态为“填写中”，不能评选优秀产品。"]
    assert state(product) == before
    reviewed = reviewed_product(world, user, name="能耗监测云平台")
    before = state(reviewed)
    with pytest.raises(ValidationError) as exc:
        services.update_product(reviewed.pk, product_data(name="能耗监测云平台"), actor=user)
    assert messages(exc) == ["产品当前状态为“评审通过”，不能修改。"]
    assert state(reviewed) == before


def test_a_stale_listing_is_refused(world: World) -> None:
    _provider, user = approved_provider(world)
    product = reviewed_product(world, user)
    shown = product.revision
    services.list_product(product.pk, actor=world.city_admin, expected_revision=shown)
    before = state(product)
    with pytest.raises(ValidationError) as exc:
        services.list_product(product.pk, actor=world.city_admin, expected_revision=shown)
    assert messages(exc) == [
        "该记录在您打开页面后已被处理（当前状态：已上架），请刷新页面后再操作。"
    ]
    assert state(product) == before


def test_submitting_outside_the_product_window_is_refused(world: World) -> None:
    _provider, user = approved_provider(world)
    product = services.create_product(user.provider_id, product_data(), actor=user)
    with (
        time_machine.travel(datetime(2025, 2, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))),
        pytest.raises(ValidationError) as exc,
    ):
        services.submit_product(product.pk, actor=user)
    assert messages(exc) == [
        '今天（2025-02-01）不在申报期内：“2024年"小快轻准"产品征集”的申报期为 2024-02-01 至 2024-12-31。'
    ]


def test_excellent_products_are_picked_by_the_city_and_lost_on_delisting(world: World) -> None:
    _provider, user = approved_provider(world)
    product = listed_product(world, user)
    with pytest.raises(PermissionDenied):
        services.select_excellent(product.pk, actor=user, excellent=True, reasons="自荐")
    services.select_excellent(
        product.pk, actor=world.city_admin, excellent=True, reasons="样板效果显著。"
    )
    with pytest.raises(ValidationError) as exc:
        services.select_excellent(
            product.pk, actor=world.city_admin, excellent=True, reasons="再评"
        )
    assert messages(exc) == ["产品“设备联网数据采集网关”已经是优秀产品。"]
    services.delist_product(product.pk, actor=world.city_admin, reasons="样板企业投诉属实。")
    product.refresh_from_db()
    assert not product.is_excellent
    assert product.decisions.filter(kind="delist").get().details == {"was_excellent": True}


def test_products_of_a_suspended_provider_leave_the_catalogue(world: World) -> None:
    provider, user = approved_provider(world)
    product = listed_product(world, user)
    services.suspend_provider(provider.pk, actor=world.city_admin, reasons="整改。")
    assert not public_products().filter(pk=product.pk).exists()
    services.reinstate_provider(provider.pk, actor=world.city_admin, reasons="整改完成。")
    assert public_products().filter(pk=product.pk).exists()


def test_a_provider_cannot_touch_another_providers_product(world: World) -> None:
    _provider, user = approved_provider(world)
    _other, other_user = approved_provider(world)
    product = services.create_product(user.provider_id, product_data(), actor=user)
    with pytest.raises(PermissionDenied):
        services.update_product(product.pk, product_data(name="改名"), actor=other_user)
    with pytest.raises(PermissionDenied):
        services.submit_product(product.pk, actor=other_user)
    assert Product.objects.get(pk=product.pk).name == "设备联网数据采集网关"
