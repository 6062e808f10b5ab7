"""Providers import their product lists through the catalogue's own services; products and
providers are exported by scope."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from dxpilot.audit.models import AuditEntry
from dxpilot.exchange.models import ImportJob, JobStatus, ReportLine
from dxpilot.exchange.services import start_export, start_import
from dxpilot.exchange.tests.workbooks import upload, xlsx
from dxpilot.providers.models import Product
from dxpilot.testing import World

pytestmark = pytest.mark.django_db

HEADERS = [
    "产品名称", "产品类型", "一句话介绍", "部署方式", "价格（元）", "计价单位", "实施周期（天）",
    "应用场景及可达等级", "适用细分行业", "样板项目企业", "样板项目合同日期",
]  # fmt: skip


def product(name: str, **overrides: Any) -> list[Any]:
    values = {
        "产品名称": name,
        "产品类型": "软件",
        "一句话介绍": "面向汽车零部件企业的轻量化生产管理系统",
        "部署方式": "SaaS 云端订阅",
        "价格（元）": 38000,
        "计价单位": "元/年",
        "实施周期（天）": 30,
        "应用场景及可达等级": "生产管控:3；质量管理:二级",
        "适用细分行业": "汽车零部件及配件制造",
        "样板项目企业": "合肥样板汽车零部件有限公司",
        "样板项目合同日期": "2024-03-01",
    }
    values.update(overrides)
    return [values[h] for h in HEADERS]


@pytest.fixture
def provider_world(world: World) -> World:
    world.provider.segments.add(world.program.segments.get(key="auto-parts"))
    return world


def run(world: World, rows: list[list[Any]], actor: Any = None) -> ImportJob:
    content = xlsx(rows, headers=HEADERS, sheet_title="产品")
    return start_import(
        world.program, "products", upload(content), actor=actor or world.provider_user
    )


def errors(job: ImportJob) -> list[tuple[int | None, str, str]]:
    lines = job.lines.filter(outcome=ReportLine.Outcome.ERROR).order_by("row", "pk")
    return [(line.row, line.column, line.message) for line in lines]


def test_a_provider_imports_its_products_as_drafts(provider_world: World) -> None:
    job = run(
        provider_world,
        [
            product("智造 MES 轻量版"),
            product("质检视觉盒子", **{"产品类型": "网关、路由等数据采集传输设备"}),
        ],
    )
    assert job.status == JobStatus.DONE, errors(job)
    assert job.created_count == 2
    mes = Product.objects.get(name="智造 MES 轻量版")
    assert (mes.status, mes.provider, mes.price_unit) == ("draft", provider_world.provider, "year")
    assert {s.scene: s.level for s in mes.scenes.all()} == {"生产管控": 3, "质量管理": 2}
    assert [s.key for s in mes.segments.all()] == ["auto-parts"]
    assert AuditEntry.objects.filter(action="product.create").count() == 2


def test_an_existing_draft_with_the_same_name_is_updated(provider_world: World) -> None:
    run(provider_world, [product("智造 MES 轻量版")])
    job = run(provider_world, [product("智造 MES 轻量版", **{"价格（元）": 42000})])
    assert (job.status, job.created_count, job.updated_count) == (JobStatus.DONE, 0, 1)
    assert Product.objects.get(name="智造 MES 轻量版").price == 42000


def test_every_rule_of_the_catalogue_is_reported_and_nothing_is_written(
    provider_world: World,
) -> None:
    before = Product.objects.count()
    job = run(
        provider_world,
        [
            product("甲", **{"应用场景及可达等级": "数字孪生:3"}),
            product("乙", **{"应用场景及可达等级": "生产管控 很好"}),
            product("丙", **{"适用细分行业": "集成电路"}),
            product("丁", **{"价格（元）": "面议"}),
            product("戊", **{"样板项目合同日期": "2022-01-01"}),
        ],
    )
    assert job.status == JobStatus.REJECTED
    assert Product.objects.count() == before
    assert errors(job) == [
        (2, "应用场景及可达等级", "“数字孪生”不是2024版评测指标中的应用场景。"),
        (
            3,
            "应用场景及可达等级",
            "“应用场景及可达等级”中的“生产管控 很好”应写成“场景:等级”，例如 生产管控:3。",
        ),
        (4, "适用细分行业", "细分行业“集成电路”不在本服务商入库的服务范围内。"),
        (5, "价格（元）", "“价格（元）”应为数字（单位：元，例如 500 或 1234.56），收到“面议”。"),
        (6, "样板项目合同日期", "样板项目合同应签订于 2023-10-11 之后。"),
    ]
    assert job.annotated


@time_machine.travel("2024-06-01 10:00 +0800")  # inside the product collection window
def test_a_product_under_review_is_not_changed_by_an_import(provider_world: World) -> None:
    from dxpilot.providers.services.products import submit_product

    run(provider_world, [product("智造 MES 轻量版")])
    submitted = submit_product(Product.objects.get().pk, actor=provider_world.provider_user)
    job = run(provider_world, [product("智造 MES 轻量版", **{"价格（元）": 1})])
    assert errors(job) == [(2, "产品名称", "产品当前状态为“待评审”，不能修改。")]
    submitted.refresh_from_db()
    assert submitted.price == 38000


def test_duplicate_names_in_the_file_name_both_rows(provider_world: World) -> None:
    job = run(provider_world, [product("甲"), product("甲")])
    assert errors(job) == [
        (2, "产品名称", "产品名称“甲”在第 2 行和第 3 行重复，同一条记录只能出现一次。"),
        (3, "产品名称", "产品名称“甲”在第 2 行和第 3 行重复，同一条记录只能出现一次。"),
    ]


def test_officials_do_not_import_products_and_providers_do_not_import_enterprises(
    provider_world: World,
) -> None:
    with pytest.raises(PermissionDenied):
        run(provider_world, [product("甲")], actor=provider_world.city_admin)
    with pytest.raises(PermissionDenied):
        start_import(
            provider_world.program,
            "enterprises",
            upload(xlsx([])),
            actor=provider_world.provider_user,
        )


def test_products_are_exported_within_scope(provider_world: World) -> None:
    run(provider_world, [product("智造 MES 轻量版")])
    for user, expected in (
        (provider_world.provider_user, 1),
        (provider_world.finance, 1),
        (provider_world.officer_a, 1),
    ):
        job = start_export("products", actor=user, filters={})
        with job.file.open("rb") as f:
            lines = list(load_workbook(f).active.iter_rows(values_only=True))
        assert len(lines) == 1 + expected
        row = dict(zip(lines[0], lines[1], strict=True))
        assert row["应用场景及可达等级"] == "生产管控:3；质量管理:2"
        assert row["状态"] == "填写中"


def test_an_exported_product_list_imports_back_unchanged(provider_world: World) -> None:
    run(provider_world, [product("智造 MES 轻量版")])
    job = start_export("products", actor=provider_world.provider_user, filters={})
    job_in = start_import(
        provider_world.program,
        "products",
        upload(job.file.read()),
        actor=provider_world.provider_user,
    )
    assert job_in.status == JobStatus.DONE, errors(job_in)
    assert job_in.updated_count == 1
    assert job_in.lines.filter(outcome="notice").exists()  # 服务商, 状态, 优秀产品 are not imported


def test_providers_are_exported_to_officials_masked_by_role(provider_world: World) -> None:
    provider = provider_world.provider
    provider.contact_name, provider.contact_phone = "李强", "13700001234"
    provider.save(update_fields=["contact_name", "contact_phone"])
    for user, phone in (
        (provider_world.city_admin, "13700001234"),
        (provider_world.finance, "137****1234"),
    ):
        job = start_export("providers", actor=user, filters={})
        with job.file.open("rb") as f:
            lines = list(load_workbook(f).active.iter_rows(values_only=True))
        row = dict(zip(lines[0], lines[1], strict=True))
        assert row["联系电话"] == phone
        assert row["服务细分行业"] == "汽车零部件及配件制造"
    with pytest.raises(PermissionDenied):
        start_export("providers", actor=provider_world.provider_user, filters={})
