"""Upgrade projects made through the service, and rows of the import sheet."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from dxpilot.enterprises.models import Enterprise
from dxpilot.testing import World
from dxpilot.upgrades.models import UpgradeProject
from dxpilot.upgrades.rules import UpgradeData
from dxpilot.upgrades.services import create_upgrade_project

HEADERS = ["统一社会信用代码", "项目名称", "总投资（万元）", "设备投资（万元）", "设备更新方向",
           "项目状态", "开工日期", "完工日期"]  # fmt: skip


def data(enterprise: Enterprise, **overrides: Any) -> UpgradeData:
    values: dict[str, Any] = {
        "enterprise_id": enterprise.pk,
        "name": "数控加工中心更新改造",
        "total_investment": Decimal("1200.00"),
        "equipment_investment": Decimal("800.00"),
        "category": "digital",
        "status": "under_construction",
        "start_on": date(2025, 3, 1),
        "end_on": date(2025, 12, 31),
    }
    values.update(overrides)
    return UpgradeData(**values)


def make_project(
    world: World, enterprise: Enterprise | None = None, **overrides: Any
) -> UpgradeProject:
    return create_upgrade_project(
        world.program, data(enterprise or world.enterprise_a, **overrides), actor=world.city_admin
    )


def sheet_row(enterprise: Enterprise, n: int = 1, **overrides: Any) -> list[Any]:
    values: dict[str, Any] = {
        "统一社会信用代码": enterprise.credit_code,
        "项目名称": f"智能产线技改项目{n}",
        "总投资（万元）": 1500,
        "设备投资（万元）": "900万元",
        "设备更新方向": "智能化升级",
        "项目状态": "在建",
        "开工日期": "2025-01-15",
        "完工日期": "2025年12月31日",
    }
    values.update(overrides)
    return [values[h] for h in HEADERS]
