"""技改项目清单 (Hefei plan §三.5): one row per technical-upgrade project of an enterprise, known
by (统一社会信用代码, 项目名称): a row whose enterprise already has a project of that name
updates it, any other row adds one. Rows are judged by `upgrades.rules.upgrade_problems`, the
same function the form and the API use; the write goes through
`upgrades.services.import_upgrade_projects`, which judges every row again in its transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dxpilot.accounts.models import Role
from dxpilot.enterprises.creditcode import normalise_credit_code
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.exchange.cells import parse_amount, parse_choice, parse_code, parse_date, parse_text
from dxpilot.exchange.importers.base import (
    Column,
    Importer,
    RowCheck,
    StaleDataError,
    choice_spellings,
)
from dxpilot.upgrades.models import EquipmentCategory, UpgradeProject, UpgradeStatus
from dxpilot.upgrades.rules import UpgradeData, upgrade_problems
from dxpilot.upgrades.services import import_upgrade_projects

# The rules' field names are the column keys, but for the enterprise (found by its code).
FIELDS = {"enterprise": "credit_code"}


class UpgradeImporter(Importer):
    key = "upgrades"
    label = gettext_noop("技改项目清单")
    sheet_title = gettext_noop("技改项目")
    roles = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})
    columns = (
        Column("credit_code", gettext_noop("统一社会信用代码"), parse_code, required=True, text=True, width=22,
               help=gettext_noop("企业须已在企业名录中，且在您的管辖范围内。")),
        Column("name", gettext_noop("项目名称"), partial(parse_text, max_length=120), required=True, width=32,
               help=gettext_noop("同一企业已有同名项目时更新该项目，否则新增。")),
        Column("total_investment", gettext_noop("总投资（万元）"), parse_amount, required=True),
        Column("equipment_investment", gettext_noop("设备投资（万元）"), parse_amount, required=True,
               help=gettext_noop("不超过总投资。")),
        Column("category", gettext_noop("设备更新方向"), "parse_category", required=True,
               choices="categories", width=18),
        Column("status", gettext_noop("项目状态"), "parse_status", required=True, choices="statuses"),
        Column("start_on", gettext_noop("开工日期"), parse_date, required=True,
               help=gettext_noop("在建和已完工项目的开工日期不能晚于今天。")),
        Column("end_on", gettext_noop("完工日期"), parse_date, required=True,
               help=gettext_noop("计划或实际完工日期；已完工项目不能晚于今天。")),
    )  # fmt: skip
    notes = (
        gettext_noop("每行一个技改项目；企业以统一社会信用代码识别，行政区划取企业登记的区划。"),
        gettext_noop(
            "设备更新方向：数字化转型、智能化升级、节能降碳、超低排放、安全生产或其他设备更新。"
        ),
        gettext_noop("全部行校验通过才会导入；任何一行有错误时不写入任何数据。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = choice_spellings(EquipmentCategory)
        self.statuses = choice_spellings(UpgradeStatus)
        self.today = timezone.localdate()
        self.enterprises: dict[str, int] = {}
        self.existing: dict[tuple[int, str], int] = {}

    def lists(self) -> dict[str, list[str]]:
        return {
            "categories": [str(label) for label in EquipmentCategory.labels],
            "statuses": [str(label) for label in UpgradeStatus.labels],
        }

    def parse_category(self, value: Any, header: str) -> str:
        return parse_choice(value, header, self.categories)

    def parse_status(self, value: Any, header: str) -> str:
        return parse_choice(value, header, self.statuses)

    def key_of(self, values: dict[str, Any]) -> str:
        code = normalise_credit_code(str(values.get("credit_code", "")))
        name = str(values.get("name", "")).strip()
        return f"{code}:{name}" if code and name else ""

    def find_duplicates(self, rows: Sequence[RowCheck]) -> None:
        first: dict[str, RowCheck] = {}
        for row in rows:
            key = self.key_of(row.values)
            if not key:
                continue
            earlier = first.setdefault(key, row)
            if earlier is row:
                continue
            text = _("同一企业的项目“{name}”在第 {a} 行和第 {b} 行重复，每个项目只能出现一次。").format(
                name=str(row.values.get("name", "")).strip(), a=earlier.number, b=row.number
            )  # fmt: skip
            for duplicate in (earlier, row):
                if ("name", text) not in duplicate.errors:
                    duplicate.errors.append(("name", text))

    def prepare(self, rows: Sequence[RowCheck]) -> None:
        codes = {
            normalise_credit_code(str(row.values["credit_code"]))
            for row in rows
            if row.values.get("credit_code")
        }
        found = visible_enterprises(self.actor).filter(program=self.program, credit_code__in=codes)
        self.enterprises = dict(found.values_list("credit_code", "pk"))
        projects = UpgradeProject.objects.filter(enterprise_id__in=self.enterprises.values())
        self.existing = {
            (enterprise_id, name): pk
            for pk, enterprise_id, name in projects.values_list("pk", "enterprise_id", "name")
        }

    def check(self, row: RowCheck) -> None:
        failed = self.failed(row)
        values = row.values
        code = normalise_credit_code(str(values.get("credit_code", "")))
        enterprise_id = self.enterprises.get(code)
        if enterprise_id is None and "credit_code" not in failed:
            message = _("没有找到统一社会信用代码为“{code}”的企业，或该企业不在您的管辖范围内。")
            row.errors.append(("credit_code", message.format(code=code)))
        data = UpgradeData(
            enterprise_id=enterprise_id or 0,
            name=values.get("name", ""),
            total_investment=_amount(values.get("total_investment")),
            equipment_investment=_amount(values.get("equipment_investment")),
            category=values.get("category", ""),
            status=values.get("status", ""),
            start_on=_date(values.get("start_on")),
            end_on=_date(values.get("end_on")),
        )
        for field, messages in upgrade_problems(data, self.today).items():
            key = FIELDS.get(field, field)
            if key not in failed:
                row.errors.extend((key, message) for message in messages)
        if enterprise_id is not None:
            row.payload = (self.existing.get((enterprise_id, data.name)), data)

    def write(self, rows: Sequence[RowCheck]) -> list[tuple[int, str, str]]:
        payload = [row.payload for row in rows]
        try:
            saved = import_upgrade_projects(self.program, payload, actor=self.actor)
        except (ValidationError, PermissionDenied):
            raise StaleDataError from None  # it passed the check a moment ago
        return [
            (row.number, outcome, project.name)
            for row, (project, outcome) in zip(rows, saved, strict=True)
        ]


def _amount(value: Any) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def _date(value: Any) -> date | None:
    return value if isinstance(value, date) else None
