"""Demo 技改项目清单 (Hefei plan §三.5): technical-upgrade projects for about one enterprise in
six (above-scale enterprises first), in every equipment-update direction, with statuses that
agree with their dates on the day the demo is built.

A step of dxpilot.demo.world. Deterministic for a given day: its own seeded generator over
enterprises in primary-key order. A programme that already has projects is left alone.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from dxpilot.accounts.models import User
from dxpilot.enterprises.models import Enterprise
from dxpilot.upgrades.models import EquipmentCategory, UpgradeProject, UpgradeStatus

BATCH = 2000
SHARE = 6  # one enterprise in SHARE has a project
FIRST_DAY = date(2024, 1, 8)
NAMES: dict[str, tuple[str, ...]] = {
    EquipmentCategory.DIGITAL: ("车间设备联网与数据采集改造", "数字化车间建设"),
    EquipmentCategory.INTELLIGENT: ("智能产线升级改造", "工业机器人替代人工"),
    EquipmentCategory.ENERGY: ("空压站节能改造", "高效电机更新"),
    EquipmentCategory.EMISSIONS: ("涂装废气超低排放改造",),
    EquipmentCategory.SAFETY: ("危化品仓储安全改造", "安全生产监测系统更新"),
    EquipmentCategory.OTHER: ("老旧加工设备更新",),
}
# The plan's weight: digital transformation and intelligent upgrading first (§三.5).
WEIGHTS = {"digital": 5, "intelligent": 4, "energy": 2, "emissions": 1, "safety": 1, "other": 1}


def _status(start: date, end: date, today: date) -> str:
    if end <= today:
        return UpgradeStatus.COMPLETED
    if start <= today:
        return UpgradeStatus.UNDER_CONSTRUCTION
    return UpgradeStatus.PLANNED


def create_upgrade_projects(world: Any) -> None:
    program = world.program
    if UpgradeProject.objects.filter(program=program).exists():
        return
    rng = random.Random(f"upgrades-{program.key}")
    today = timezone.localdate()
    city = User.objects.filter(username="demo-city").first()
    enterprises = (
        Enterprise.objects.filter(program=program)
        .order_by("-above_scale", "pk")
        .values_list("pk", flat=True)
    )
    ids = list(enterprises)
    chosen = sorted(ids[: max(1, len(ids) // SHARE)]) if ids else []
    categories = list(WEIGHTS)
    weights = [WEIGHTS[c] for c in categories]
    projects = []
    for pk in chosen:
        category = rng.choices(categories, weights)[0]
        start = FIRST_DAY + timedelta(days=rng.randint(0, 1000))
        end = start + timedelta(days=rng.randint(90, 540))
        total = Decimal(rng.randint(200, 8000))
        equipment = (total * Decimal(rng.randint(40, 85)) / 100).quantize(Decimal("0.01"))
        projects.append(UpgradeProject(
            program=program, enterprise_id=pk, name=rng.choice(NAMES[category]),
            total_investment=total, equipment_investment=equipment, category=category,
            status=_status(start, end, today), start_on=start, end_on=end, created_by=city,
        ))  # fmt: skip
    for begin in range(0, len(projects), BATCH):
        UpgradeProject.objects.bulk_create(projects[begin : begin + BATCH])
    world.counts["upgrade_projects"] = len(projects)
