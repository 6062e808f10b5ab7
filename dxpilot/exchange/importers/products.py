"""A provider's product list. Products are few (dozens per provider), so each row is checked by
the catalogue's own services (create_product / update_product) in a transaction that is always
rolled back, then written by the same services; no rule is re-implemented here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.exchange.cells import (
    CellError,
    parse_amount,
    parse_choice,
    parse_date,
    parse_integer,
    parse_text,
)
from dxpilot.exchange.importers.base import (
    Column,
    Importer,
    RowCheck,
    StaleDataError,
    choice_spellings,
)
from dxpilot.providers.models import Deployment, PriceUnit, Product, ProductKind
from dxpilot.providers.services.products import ProductData, create_product, update_product

LIST_SEPARATORS = re.compile(r"[;；,，、\n]+")
SCENE = re.compile(r"^(.+?)\s*[:：]\s*(\d)\s*级?$")
LEVEL_WORDS = {"一": "1", "二": "2", "三": "3", "四": "4"}
# The services' field names are our column keys; "__all__" (the product as a whole) goes to 产品名称.
FIELDS = {"__all__": "name"}


class DryRun(Exception):  # noqa: N818 - not an error: the way out of a rolled-back check
    pass


class ProductImporter(Importer):
    key = "products"
    label = gettext_noop("产品")
    sheet_title = gettext_noop("产品")
    roles = frozenset({Role.PROVIDER})
    columns = (
        Column("name", gettext_noop("产品名称"), partial(parse_text, max_length=120), required=True, width=28,
               help=gettext_noop("本服务商已有同名产品时更新该产品（仅限填写中或已退回的产品）。")),
        Column("kind", gettext_noop("产品类型"), "parse_kind", required=True, choices="kinds", width=18),
        Column("summary", gettext_noop("一句话介绍"), partial(parse_text, max_length=200), required=True, width=40),
        Column("deployment", gettext_noop("部署方式"), "parse_deployment", required=True, choices="deployments"),
        Column("price", gettext_noop("价格（元）"), partial(parse_amount, unit="元"), required=True),
        Column("price_unit", gettext_noop("计价单位"), "parse_unit", required=True, choices="units"),
        Column("implementation_days", gettext_noop("实施周期（天）"), partial(parse_integer, maximum=9999),
               required=True),
        Column("scenes", gettext_noop("应用场景及可达等级"), "parse_scenes", required=True, width=36,
               help=gettext_noop("2024版评测指标的场景名称和可达等级，多个用分号隔开，例如 生产管控:3；产品设计:2。")),
        Column("segment_keys", gettext_noop("适用细分行业"), "parse_segments", required=True, width=36,
               help=gettext_noop("本服务商入库时的服务细分行业，多个用顿号或分号隔开。")),
        Column("sample_enterprise_name", gettext_noop("样板项目企业"), partial(parse_text, max_length=120),
               required=True, width=28, help=gettext_noop("一产品、一样板：本地样板项目的企业名称。")),
        Column("sample_contract_date", gettext_noop("样板项目合同日期"), "parse_contract_date", required=True),
        Column("description", gettext_noop("产品介绍"), partial(parse_text, max_length=4000), width=40),
        Column("sample_summary", gettext_noop("样板项目概况"), partial(parse_text, max_length=4000), width=40),
    )  # fmt: skip
    notes = (
        gettext_noop("每行一个产品；本服务商已有同名产品时更新该产品，否则新增为“填写中”的产品。"),
        gettext_noop("全部行校验通过才会导入；任何一行有错误时不写入任何数据。"),
        gettext_noop("导入后请在产品页面逐个提交评审。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.provider_id = scope_of(self.actor).provider_id
        self.kinds = choice_spellings(ProductKind)
        self.deployments = choice_spellings(Deployment)
        self.units = choice_spellings(PriceUnit)
        self.segment_names = {s.name: s.key for s in self.program.segments.all()}
        self.existing: dict[str, Product] = {}
        self.today = timezone.localdate()

    def lists(self) -> dict[str, list[str]]:
        return {
            "kinds": [str(label) for label in ProductKind.labels],
            "deployments": [str(label) for label in Deployment.labels],
            "units": [str(label) for label in PriceUnit.labels],
        }

    # --- cell parsers ----------------------------------------------------------------------
    def parse_kind(self, value: Any, header: str) -> str:
        return parse_choice(value, header, self.kinds)

    def parse_deployment(self, value: Any, header: str) -> str:
        return parse_choice(value, header, self.deployments)

    def parse_unit(self, value: Any, header: str) -> str:
        return parse_choice(value, header, self.units)

    def parse_contract_date(self, value: Any, header: str) -> Any:
        return parse_date(value, header)

    def parse_scenes(self, value: Any, header: str) -> dict[str, int]:
        scenes: dict[str, int] = {}
        for part in LIST_SEPARATORS.split(parse_text(value, header, max_length=1000)):
            text = part.strip()
            for word, digit in LEVEL_WORDS.items():
                text = text.replace(f"{word}级", digit)
            match = SCENE.match(text)
            if not match:
                message = _("“{column}”中的“{part}”应写成“场景:等级”，例如 生产管控:3。")
                raise CellError(message.format(column=header, part=part.strip()))
            scenes[match.group(1).strip()] = int(match.group(2))
        return scenes

    def parse_segments(self, value: Any, header: str) -> list[str]:
        names = [
            n.strip() for n in LIST_SEPARATORS.split(parse_text(value, header, max_length=1000))
        ]
        return [self.segment_names.get(n, n) for n in names if n]

    # --- checking and writing ----------------------------------------------------------------
    def prepare(self, rows: Sequence[RowCheck]) -> None:
        names = {str(row.values.get("name", "")).strip() for row in rows}
        found = (
            Product.objects.none()
            if self.provider_id is None
            else Product.objects.filter(provider_id=self.provider_id, name__in=names - {""})
        )
        self.existing = {p.name: p for p in found}

    def _data(self, values: dict[str, Any]) -> ProductData:
        return ProductData(
            name=values.get("name", ""),
            kind=values.get("kind", ""),
            summary=values.get("summary", ""),
            deployment=values.get("deployment", ""),
            price=values.get("price", Decimal(0)),
            price_unit=values.get("price_unit", ""),
            implementation_days=values.get("implementation_days", 0),
            sample_enterprise_name=values.get("sample_enterprise_name", ""),
            sample_contract_date=values.get("sample_contract_date"),
            scenes=values.get("scenes", {}),
            segment_keys=values.get("segment_keys", ()),
            description=values.get("description", ""),
            sample_summary=values.get("sample_summary", ""),
        )

    def _save(self, row: RowCheck) -> Product:
        existing = self.existing.get(str(row.values.get("name", "")).strip())
        data = self._data(row.values)
        if existing is not None:
            return update_product(existing.pk, data, actor=self.actor)
        if self.provider_id is None:
            raise PermissionDenied(_("只有服务商本身可以维护自己的产品。"))
        return create_product(self.provider_id, data, actor=self.actor)

    def check(self, row: RowCheck) -> None:
        failed = self.failed(row)
        try:
            with transaction.atomic():
                self._save(row)
                raise DryRun
        except DryRun:
            pass
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                key = FIELDS.get(field, field)
                key = key if key in self.by_key else "name"
                if key not in failed:
                    row.errors.extend((key, message) for message in messages)
        except PermissionDenied as exc:
            row.errors.append(("name", str(exc)))

    def write(self, rows: Sequence[RowCheck]) -> list[tuple[int, str, str]]:
        outcomes = []
        for row in rows:
            updated = str(row.values.get("name", "")).strip() in self.existing
            try:
                product = self._save(row)
            except (ValidationError, PermissionDenied):
                raise StaleDataError from None  # it passed the check a moment ago
            outcomes.append((row.number, "updated" if updated else "created", product.name))
        return outcomes
