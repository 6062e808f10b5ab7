"""The rules of a technical-upgrade project that need no database: shape (validation.Rule table),
investments and dates against the status. The form, the Excel import and the service all judge
a row with `upgrade_problems`, so a refusal reads the same at every door."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from dxpilot.core.validation import decimal_rule, text_rule, validate
from dxpilot.upgrades.models import EquipmentCategory, UpgradeProject, UpgradeStatus

UPGRADE_RULES = {
    "name": text_rule(UpgradeProject, "name", required=True),
    "total_investment": decimal_rule(UpgradeProject, "total_investment"),
    "equipment_investment": decimal_rule(UpgradeProject, "equipment_investment"),
}
EARLIEST = date(2000, 1, 1)
# A project longer than this is a typing mistake (a year written twice as 2024 → 2204).
MAX_YEARS = 10


@dataclass
class UpgradeData:
    enterprise_id: int
    name: str
    total_investment: Decimal | None
    equipment_investment: Decimal | None
    category: str
    status: str
    start_on: date | None
    end_on: date | None


def upgrade_problems(data: UpgradeData, today: date) -> dict[str, list[str]]:
    """Every broken rule of `data` by field (normalising its text and amounts in place)."""
    values, errors = validate(
        UPGRADE_RULES,
        {
            "name": data.name,
            "total_investment": data.total_investment,
            "equipment_investment": data.equipment_investment,
        },
    )
    data.name = values["name"]
    data.total_investment = values["total_investment"]
    data.equipment_investment = values["equipment_investment"]

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    total, equipment = data.total_investment, data.equipment_investment
    if total is None and "total_investment" not in errors:
        add("total_investment", _("请填写总投资。"))
    elif isinstance(total, Decimal) and total <= 0 and "total_investment" not in errors:
        add("total_investment", _("总投资须大于 0。"))
    if equipment is None and "equipment_investment" not in errors:
        add("equipment_investment", _("请填写设备投资。"))
    if (
        isinstance(total, Decimal)
        and isinstance(equipment, Decimal)
        and not {"total_investment", "equipment_investment"} & errors.keys()
        and equipment > total
    ):
        add(
            "equipment_investment",
            _("设备投资 {equipment} 万元超过总投资 {total} 万元。").format(
                equipment=equipment, total=total
            ),
        )
    if data.category not in EquipmentCategory.values:
        add("category", _("设备更新方向“{value}”无效。").format(value=data.category))
    if data.status not in UpgradeStatus.values:
        add("status", _("项目状态“{value}”无效。").format(value=data.status))
    start, end = data.start_on, data.end_on
    if start is None:
        add("start_on", _("请填写开工日期。"))
    elif start < EARLIEST:
        add("start_on", _("开工日期 {date} 早于 2000 年，请检查。").format(date=start))
    if end is None:
        add("end_on", _("请填写完工日期（计划或实际）。"))
    if start is not None and end is not None:
        if end < start:
            add("end_on", _("完工日期 {end} 早于开工日期 {start}。").format(end=end, start=start))
        elif end.year - start.year > MAX_YEARS:
            add("end_on", _("项目周期超过 {years} 年，请检查日期。").format(years=MAX_YEARS))
    if data.status == UpgradeStatus.COMPLETED and end is not None and end > today:
        add("end_on", _("已完工项目的完工日期 {date} 晚于今天。").format(date=end))
    if data.status == UpgradeStatus.UNDER_CONSTRUCTION and start is not None and start > today:
        add("start_on", _("在建项目的开工日期 {date} 晚于今天。").format(date=start))
    return errors
