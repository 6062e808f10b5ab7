"""Helpers for the delivery tests (no tests here): a pilot enterprise with a locked T0, a hand-made
catalogue, and projects brought to planning / contracted / implementing / completed through the
real services. The review tests may use `completed_project` as their starting point.

Dates: the Hefei windows close on 2025-12-31, so tests that file contracts run at TODAY (2025)."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from dxpilot.accounts.models import User
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.tests.test_report_support import ANSWERS, lock_onsite
from dxpilot.enterprises.tests.application_helpers import admitted
from dxpilot.programs.models import ProviderKind
from dxpilot.projects.models import Contract, Evidence, ProjectStatus, TransformationProject
from dxpilot.projects.services import contract as contracts
from dxpilot.projects.services import evidence as archive
from dxpilot.projects.services import milestones
from dxpilot.projects.services import project as projects
from dxpilot.providers.models import Product, ProductScene, Provider
from dxpilot.testing import World, valid_code

TODAY = datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64

# T0 scenes: two constraint scenes at 二级, all others at 一级. 二级 needs 6 scenes at 二级+,
# 3 of them 约束性: four more scenes, one more constraint scene.
BASE_SCENES = {
    "产品设计": 2, "工艺设计": 1, "营销管理": 2, "售后服务": 1, "计划排程": 1, "生产管控": 1,
    "质量管理": 1, "设备管理": 1, "安全生产": 1, "能耗管理": 1, "采购管理": 1, "仓储物流": 1,
    "财务管理": 1, "人力资源": 1, "协同办公": 1, "决策支持": 1,
}  # fmt: skip

_serial = itertools.count(1)


@pytest.fixture
def in_2025() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def provider(world: World, name: str = "", status: str = Provider.Status.APPROVED) -> Provider:
    n = next(_serial)
    return Provider.objects.create(
        program=world.program,
        credit_code=valid_code(f"91340100MA2PX{n:04d}"),
        name=name or f"服务商{n}",
        kind=ProviderKind.objects.get(program=world.program, key="specialised"),
        status=status,
    )


def listed_product(
    world: World,
    name: str,
    price: int | str,
    lifts: dict[str, int],
    *,
    by: Provider | None = None,
    kind: str = "software",
    status: str = Product.Status.LISTED,
    segments: tuple[str, ...] = (),
) -> Product:
    """A catalogue product (test data for the catalogue, as the product review would leave it)."""
    product = Product.objects.create(
        provider=by or world.provider,
        name=name,
        kind=kind,
        summary=f"{name}简介",
        deployment="saas",
        price=Decimal(str(price)),
        price_unit="set",
        implementation_days=30,
        sample_enterprise_name="样板企业",
        sample_contract_date=date(2024, 3, 1),
        status=status,
    )
    for scene, level in lifts.items():
        ProductScene.objects.create(product=product, scene=scene, level=level)
    if segments:
        product.segments.set(world.program.segments.filter(key__in=segments))
    return product


def catalogue(world: World) -> dict[str, Product]:
    """The hand-made catalogue: the cheapest way to 二级 is A + B + C = 65,000 元; a greedy
    cheapest-per-scene choice pays 77,000 元 (A + C + D + B)."""
    return {
        "A": listed_product(world, "生产管控系统", 30000, {"生产管控": 2}),
        "B": listed_product(world, "人事协同套件", 25000, {"人力资源": 2, "协同办公": 2}),
        "C": listed_product(world, "经营驾驶舱", 10000, {"决策支持": 2}),
        "D": listed_product(world, "排产助手", 12000, {"计划排程": 2}),
        "E": listed_product(world, "质量设备一体化平台", 50000, {"质量管理": 2, "设备管理": 2}),
        "F": listed_product(world, "工艺看板", 1000, {"工艺设计": 1}),
    }


def pilot_with_baseline(
    world: World, answers: dict[str, Any] | None = None, scenes: dict[str, int] | None = None
) -> Assessment:
    """Enterprise A admitted (application services) and its on-site T0 locked."""
    admitted(world)
    world.enterprise_a.refresh_from_db()
    return lock_onsite(world, world.enterprise_a, answers or ANSWERS, scenes or BASE_SCENES)


def open_project(world: World, actor: User | None = None, **kwargs: Any) -> TransformationProject:
    pilot_with_baseline(world, **kwargs)
    return projects.open_project(world.enterprise_a.pk, actor=actor or world.enterprise_user)


def pdf(name: str = "材料.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def submitted_evidence(
    world: World,
    project: TransformationProject,
    kind: str,
    *,
    content: bytes | None = None,
    actor: User | None = None,
) -> Evidence:
    actor = actor or world.enterprise_user
    body = content or PDF + f"% {kind} {next(_serial)}\n".encode()
    evidence = archive.upload_evidence(
        project.pk, actor=actor, kind=kind, upload=pdf(f"{kind}.pdf", body)
    )
    return archive.submit_evidence(evidence.pk, actor=actor)


def contract_data(world: World, **overrides: Any) -> contracts.ContractData:
    values: dict[str, Any] = {
        "provider_id": world.provider.pk,
        "number": f"HT-2025-{next(_serial):03d}",
        "signed_on": date(2025, 5, 26),
        "starts_on": date(2025, 5, 27),
        "ends_on": date(2025, 11, 30),
        "amount": Decimal("200000.00"),
        "scope": ["MES 生产管控", "设备联网"],
    }
    values.update(overrides)
    return contracts.ContractData(**values)


def contracted(world: World, **kwargs: Any) -> tuple[TransformationProject, Contract]:
    project = open_project(world, **kwargs)
    submitted_evidence(world, project, "contract")
    contract = contracts.file_contract(
        project.pk, actor=world.enterprise_user, data=contract_data(world)
    )
    project.refresh_from_db()
    return project, contract


def investment_data(contract: Contract, **overrides: Any) -> contracts.InvestmentData:
    values: dict[str, Any] = {
        "contract_id": contract.pk,
        "category": "software",
        "description": "MES 软件许可",
        "amount": Decimal("120000.00"),
        "invoice_number": f"FP{next(_serial):08d}",
        "invoice_on": date(2025, 5, 28),
        "paid_on": date(2025, 5, 30),
        "paid_amount": Decimal("120000.00"),
    }
    values.update(overrides)
    return contracts.InvestmentData(**values)


def implementing(world: World, **kwargs: Any) -> tuple[TransformationProject, Contract]:
    project, contract = contracted(world, **kwargs)
    contracts.add_investment(
        project.pk, actor=world.enterprise_user, data=investment_data(contract)
    )
    milestone = milestones.add_milestone(
        project.pk, actor=world.enterprise_user, name="系统上线", planned_on=date(2025, 5, 30)
    )
    milestones.complete_milestone(
        milestone.pk, actor=world.enterprise_user, actual_on=date(2025, 5, 31)
    )
    project.refresh_from_db()
    return project, contract


def completed_project(
    world: World, *, completed_on: date = date(2025, 6, 1), **kwargs: Any
) -> TransformationProject:
    """A completed project with the full acceptance checklist submitted (Hefei's programme file):
    the starting point of acceptance. Call inside `in_2025` (or travel to a 2025 date)."""
    project, _contract = implementing(world, **kwargs)
    for kind in project.program.acceptance_rule["checklist"]["acceptance"]:
        if kind != "contract":
            submitted_evidence(world, project, kind)
    projects.complete_project(project.pk, actor=world.enterprise_user, completed_on=completed_on)
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED
    return project
