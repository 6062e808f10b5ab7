"""Enterprise lists sent by districts: each row is checked by the enterprises app's own rules
(`resolve_enterprise_data`) and the editing scope; credit codes already registered are updated."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dxpilot.accounts.models import Role
from dxpilot.audit.services import Event, diff, record_many, snapshot
from dxpilot.enterprises.creditcode import normalise_credit_code
from dxpilot.enterprises.models import Enterprise, Nature, SrdiTier
from dxpilot.enterprises.selectors import enterprise_data, visible_enterprises
from dxpilot.enterprises.services import (
    AUDITED,
    SENSITIVE,
    EnterpriseData,
    Lookups,
    may_edit,  # the one editing-scope rule, shared with register/update_enterprise
    resolve_enterprise_data,
    unavailable_code_message,
)
from dxpilot.exchange.cells import (
    CellError,
    parse_amount,
    parse_boolean,
    parse_choice,
    parse_code,
    parse_contact,
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
from dxpilot.programs.models import Division, Industry

CHUNK = 500  # rows per IN (...) query: well under SQLite's variable limit
PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")
BANK = re.compile(r"^[0-9 \-]{8,40}$")
# Per-row required for a new enterprise; an existing one keeps its value when the cell is blank.
NEW_REQUIRES = ("name", "division_code", "industry_code", "employees", "revenue")
SRDI_WORDS = {"专精特新": SrdiTier.SRDI, "小巨人": SrdiTier.LITTLE_GIANT, "创新型": SrdiTier.INNOVATIVE,
              "否": SrdiTier.NONE}  # fmt: skip


class EnterpriseImporter(Importer):
    key = "enterprises"
    label = gettext_noop("企业名录")
    sheet_title = gettext_noop("企业名录")
    roles = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})
    columns = (
        Column("credit_code", gettext_noop("统一社会信用代码"), parse_code, required=True, text=True, width=22,
               aliases=("信用代码", "社会信用代码"),
               help=gettext_noop("18位，最后一位是校验码。已登记的企业按此代码更新，不会重复新增。")),
        Column("name", gettext_noop("企业名称"), partial(parse_text, max_length=120), required=True, width=32),
        Column("division_code", gettext_noop("行政区划"), "parse_division", required=True, choices="divisions",
               aliases=("行政区划代码", "所属行政区划", "所属区县", "区县"),
               help=gettext_noop("区县名称或6位代码，例如 蜀山区 或 340104。县区工作人员只能导入本辖区企业。")),
        Column("zone_code", gettext_noop("开发区"), "parse_zone", choices="zones", aliases=("所属开发区", "开发区代码"),
               help=gettext_noop("不属于开发区的留空。")),
        Column("industry_code", gettext_noop("行业代码"), "parse_industry", required=True, choices="industries", text=True,
               aliases=("国民经济行业代码", "行业小类代码", "国民经济行业"),
               help=gettext_noop("GB/T 4754-2017 的4位小类代码，例如 3670。")),
        Column("segment_key", gettext_noop("细分行业"), "parse_segment", choices="segments", width=24),
        Column("nature", gettext_noop("企业性质"), "parse_nature", choices="natures", help=gettext_noop("新增企业留空按民营。")),
        Column("srdi_tier", gettext_noop("优质中小企业情况"), "parse_srdi", choices="srdi", width=24,
               aliases=("专精特新", "专精特新情况", "专精特新等级")),
        Column("above_scale", gettext_noop("规上"), parse_boolean, choices="yesno", width=8,
               aliases=("规上企业", "是否规上", "规模以上", "规上规下")),
        Column("employees", gettext_noop("从业人员（人）"), parse_integer, required=True,
               aliases=("从业人员", "从业人数", "员工人数")),
        Column("revenue", gettext_noop("营业收入（万元）"), parse_amount, required=True,
               aliases=("营业收入", "上年营业收入（万元）", "营收（万元）"),
               help=gettext_noop("单位万元，填数字，例如 5600 或 5600.5；不要填“五百万”之类的文字。")),
        Column("founded_on", gettext_noop("成立日期"), "parse_founded", help=gettext_noop("Excel 日期，或 2020-01-05、2020年1月5日。")),
        Column("address", gettext_noop("地址"), partial(parse_text, max_length=200), aliases=("企业地址", "注册地址"), width=32),
        Column("contact_name", gettext_noop("联系人"), partial(parse_contact, max_length=40)),
        Column("contact_phone", gettext_noop("联系电话"), "parse_phone", text=True, aliases=("手机", "手机号", "电话")),
        Column("contact_email", gettext_noop("电子邮箱"), "parse_email", aliases=("邮箱", "email"), width=24),
        Column("bank_account", gettext_noop("银行账号"), "parse_bank", text=True, width=24),
    )  # fmt: skip
    notes = (
        gettext_noop("每行一家企业，从第2行开始填写；表头不要修改，列的顺序可以调整。"),
        gettext_noop(
            "全部行校验通过才会导入；任何一行有错误时不写入任何数据，请按错误报告修改后重新上传。"
        ),
        gettext_noop(
            "统一社会信用代码已登记的企业将被更新，报告会注明哪些行是新增、哪些行是更新。"
        ),
        gettext_noop("更新已登记企业时，留空的单元格保持原值不变。"),
        gettext_noop(
            "不要使用公式和合并单元格：含公式或合并单元格的行会被拒绝（请“选择性粘贴为数值”）。"
        ),
        gettext_noop("空行会被跳过并在报告中列出。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lookups = Lookups.preload(self.program)
        self.places = list(self.program.divisions.all())
        self.segments = list(self.program.segments.all())
        self.division_names = self._names(p for p in self.places if not p.is_zone)
        self.zone_names = self._names(p for p in self.places if p.is_zone)
        self.segment_names = {s.name: s.key for s in self.segments}
        self.natures = choice_spellings(Nature)
        self.srdi_tiers = {**choice_spellings(SrdiTier), **SRDI_WORDS}
        self.existing: dict[str, Enterprise] = {}
        self.visible: set[int] = set()
        self.today = timezone.localdate()

    @staticmethod
    def _names(places: Iterable[Division]) -> dict[str, str]:
        """Every spelling of a place (name, short name, code+name) -> its code."""
        names: dict[str, str] = {}
        for place in places:
            names[place.name] = names[f"{place.code}{place.name}"] = place.code
            if place.short_name:
                names[place.short_name] = names[f"{place.code}{place.short_name}"] = place.code
        return names

    # --- the template's drop-down lists ----------------------------------------------------
    def lists(self) -> dict[str, list[str]]:
        industries = Industry.objects.filter(code__regex=r"^[0-9]{4}$").order_by("code")
        return {
            "divisions": [p.name for p in self.places if not p.is_zone],
            "zones": [p.name for p in self.places if p.is_zone],
            "industries": [f"{i.code} {i.name}" for i in industries],
            "segments": [s.name for s in self.segments],
            "natures": [str(label) for label in Nature.labels],
            "srdi": [str(label) for label in SrdiTier.labels],
            "yesno": [_("是"), _("否")],
        }

    # --- cell parsers that need the programme ---------------------------------------------
    def _place(self, value: Any, header: str, names: dict[str, str]) -> str:
        """A name or code of the programme's places -> its code; anything else is passed on as
        typed, so resolve_enterprise_data reports it as an unknown code."""
        text = parse_text(value, header, max_length=60)
        code = parse_code(value, header)
        return names.get(text) or names.get(code) or code

    def parse_division(self, value: Any, header: str) -> str:
        return self._place(value, header, self.division_names)

    def parse_zone(self, value: Any, header: str) -> str:
        return self._place(value, header, self.zone_names)

    def parse_industry(self, value: Any, header: str) -> str:
        match = re.match(r"^\s*(\d{2,5})", parse_code(value, header))
        return match.group(1) if match else parse_code(value, header)

    def parse_segment(self, value: Any, header: str) -> str:
        text = parse_text(value, header, max_length=100)
        return self.segment_names.get(text, text)

    def parse_nature(self, value: Any, header: str) -> str:
        return parse_choice(value, header, self.natures)

    def parse_srdi(self, value: Any, header: str) -> str:
        return parse_choice(value, header, self.srdi_tiers)

    def parse_founded(self, value: Any, header: str) -> Any:
        return parse_date(value, header, today=self.today)

    def parse_phone(self, value: Any, header: str) -> str:
        text = parse_contact(value, header, max_length=20)
        if not PHONE.match(text):
            raise CellError(
                _("“{column}”的“{value}”不是有效的电话号码。").format(column=header, value=text)
            )
        return text

    def parse_email(self, value: Any, header: str) -> str:
        text = parse_contact(value, header, max_length=254)
        try:
            validate_email(text)
        except ValidationError:
            raise CellError(
                _("“{column}”的“{value}”不是有效的电子邮箱。").format(column=header, value=text)
            ) from None
        return text

    def parse_bank(self, value: Any, header: str) -> str:
        text = parse_contact(value, header, max_length=40)
        if not BANK.match(text):
            raise CellError(
                _("“{column}”的“{value}”不是有效的银行账号。").format(column=header, value=text)
            )
        return text

    # --- checking ----------------------------------------------------------------------------
    def key_of(self, values: dict[str, Any]) -> str:
        return normalise_credit_code(str(values.get("credit_code", "")))

    def prepare(self, rows: Sequence[RowCheck]) -> None:
        codes = sorted({self.key_of(row.values) for row in rows} - {""})
        found = Enterprise.objects.filter(program=self.program).select_related(
            "division", "zone", "industry", "segment"
        )
        for start in range(0, len(codes), CHUNK):
            for enterprise in found.filter(credit_code__in=codes[start : start + CHUNK]):
                self.existing[enterprise.credit_code] = enterprise
        ids = [e.pk for e in self.existing.values()]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            self.visible.update(
                visible_enterprises(self.actor).filter(pk__in=chunk).values_list("pk", flat=True)
            )

    def check(self, row: RowCheck) -> None:
        code = self.key_of(row.values)
        failed = self.failed(row)
        if not code and "credit_code" not in failed:
            row.errors.append(("credit_code", _("统一社会信用代码不能为空。")))
            failed.add("credit_code")
        existing = self.existing.get(code)
        if existing is not None and existing.pk not in self.visible:
            row.errors.append(("credit_code", unavailable_code_message(code)))
            return
        if existing is None:
            for key in NEW_REQUIRES:
                if key not in row.values and key not in failed:
                    message = _("新增企业必须填写“{column}”。").format(
                        column=self.by_key[key].label
                    )
                    row.errors.append((key, message))
                    failed.add(key)
        fields: dict[str, Any] = (
            asdict(enterprise_data(existing))
            if existing is not None
            else {
                "credit_code": "",
                "name": "",
                "division_code": "",
                "industry_code": "",
                "employees": 0,
                "revenue": Decimal(0),
            }
        )
        fields.update(row.values)
        values, errors = resolve_enterprise_data(
            self.program, EnterpriseData(**fields), lookups=self.lookups
        )
        for key, messages in errors.items():
            if key not in failed:
                row.errors.extend(
                    (key if key in self.by_key else "credit_code", m) for m in messages
                )
        if not row.errors and not may_edit(self.actor, values["division"], values["zone"]):
            place = values["division"].name
            message = _("您无权导入“{place}”的企业，只能导入本辖区的企业。").format(place=place)
            row.errors.append(("division_code", message))
        row.payload = (
            existing.pk if existing else None,
            existing.updated_at if existing else None,
            values,
        )

    # --- writing (inside the caller's transaction) -----------------------------------------
    def write(self, rows: Sequence[RowCheck]) -> list[tuple[int, str, str]]:
        known = {row.payload[0]: row.payload[1] for row in rows if row.payload[0] is not None}
        ids = list(known)
        locked: dict[int, Any] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = Enterprise.objects.select_for_update().filter(pk__in=ids[start : start + CHUNK])
            locked.update(chunk.values_list("pk", "updated_at"))
        new_codes = [row.payload[2]["credit_code"] for row in rows if row.payload[0] is None]
        appeared = any(
            Enterprise.objects.filter(
                program=self.program, credit_code__in=new_codes[s : s + CHUNK]
            ).exists()
            for s in range(0, len(new_codes), CHUNK)
        )
        # Rows locked and unchanged since `prepare` read them: its instances are current.
        if appeared or any(locked.get(pk) != at for pk, at in known.items()):
            raise StaleDataError
        by_pk = {enterprise.pk: enterprise for enterprise in self.existing.values()}
        now = timezone.now()
        outcomes: list[tuple[int, str, str]] = []
        created: list[Enterprise] = []
        changed: list[tuple[Enterprise, dict[str, Any]]] = []
        for row in rows:
            pk, _at, values = row.payload
            subject = f"{values['name']}（{values['credit_code']}）"
            if pk is None:
                created.append(
                    Enterprise(program=self.program, created_at=now, updated_at=now, **values)
                )
                outcomes.append((row.number, "created", subject))
                continue
            enterprise = by_pk[pk]
            before = snapshot(enterprise, AUDITED)
            for name, value in values.items():
                setattr(enterprise, name, value)
            changes = diff(before, snapshot(enterprise, AUDITED), sensitive=SENSITIVE)
            if changes:
                enterprise.updated_at = now
                changed.append((enterprise, changes))
            outcomes.append((row.number, "updated" if changes else "unchanged", subject))
        Enterprise.objects.bulk_create(created, batch_size=CHUNK)
        if changed:
            fields = [*rows[0].payload[2], "updated_at"]  # every row resolves the same fields
            Enterprise.objects.bulk_update([e for e, _c in changed], fields, batch_size=CHUNK)
        record_many(
            actor=self.actor,
            events=[
                *(
                    Event(
                        "enterprise.register",
                        e,
                        diff({}, snapshot(e, AUDITED), sensitive=SENSITIVE),
                    )
                    for e in created
                ),
                *(Event("enterprise.update", e, changes) for e, changes in changed),
            ],
        )
        return outcomes
