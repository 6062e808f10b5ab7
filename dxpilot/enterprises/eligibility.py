"""Who may apply to become a pilot enterprise, explained criterion by criterion.

Pure rules on plain facts (no models, no database), so the enterprise sees the same explanation
before applying as the reviewers see afterwards. Sources (reference/pilot-city-requirements.md §2.4):
- scope: the pilot industries by GB/T 4754-2017 code, or the key chains by directory — a 细分行业
  is not derived from the code alone (合肥市 2024 第二批试点企业通知);
- SME per 《中小企业划型标准规定》(工信部联企业〔2011〕300号);
- registered and paying tax in the city;
- not funded before: 2022 pilot enterprises and 专精特新"小巨人" already funded centrally are
  excluded (芜湖 第二批通知, 工信厅联企业〔2022〕22号);
- 规上 is shown (priority, and a condition of Hefei's first group), not decisive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MET, NOT_MET, REVIEW, INFO = "met", "not_met", "review", "info"

STATUS_LABELS = {
    MET: gettext_lazy("符合"),
    NOT_MET: gettext_lazy("不符合"),
    REVIEW: gettext_lazy("需核实"),
    INFO: gettext_lazy("供参考"),
}
SIZE_LABELS = {
    "large": gettext_lazy("大型"),
    "medium": gettext_lazy("中型"),
    "small": gettext_lazy("小型"),
    "micro": gettext_lazy("微型"),
}
SIZE_RULE = "《中小企业划型标准规定》（工信部联企业〔2011〕300号）"


@dataclass(frozen=True)
class Facts:
    """What the rules need about one enterprise and one programme, as plain values."""

    city: str
    region_code: str  # the programme's 行政区划代码, e.g. "340100"
    credit_code: str
    division_name: str
    division_in_program: bool
    industry_code: str  # 4-digit class
    industry_name: str
    pilot_industries: Mapping[str, str]  # industry code (group or class) -> pilot 细分行业 name
    segment_name: str  # "" when the enterprise is not placed in a 细分行业
    segment_is_chain: bool
    size_class: str
    employees: int
    revenue: Decimal  # 万元
    above_scale: bool
    little_giant: bool
    is_pilot: bool
    previously_funded: bool | None  # None: not declared yet (before an application exists)
    funding_note: str = ""


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str
    status: str
    explanation: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def css(self) -> str:
        return self.status.replace("_", "-")


@dataclass(frozen=True)
class Eligibility:
    criteria: tuple[Criterion, ...]

    @property
    def verdict(self) -> str:
        statuses = {c.status for c in self.criteria}
        if NOT_MET in statuses:
            return NOT_MET
        return REVIEW if REVIEW in statuses else MET

    @property
    def verdict_label(self) -> str:
        return str(STATUS_LABELS[self.verdict])

    @property
    def verdict_css(self) -> str:
        return self.verdict.replace("_", "-")

    @property
    def failed(self) -> list[Criterion]:
        return [c for c in self.criteria if c.status == NOT_MET]

    @property
    def summary(self) -> str:
        if self.verdict == NOT_MET:
            return _("不符合申报条件：{n} 项条件不满足。").format(n=len(self.failed))
        if self.verdict == REVIEW:
            n = sum(1 for c in self.criteria if c.status == REVIEW)
            return _("基本符合申报条件，有 {n} 项需在审核时核实。").format(n=n)
        return _("符合申报条件。")

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "summary": self.summary,
            "criteria": [
                {"key": c.key, "title": c.title, "status": c.status, "explanation": c.explanation}
                for c in self.criteria
            ],
        }


def region_prefix(region_code: str) -> str:
    """ "340100" -> "3401": the leading digits shared by every registration authority of the city."""
    code = region_code.strip()
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def check_industry(f: Facts) -> Criterion:
    title = _("试点行业或重点产业链")
    group = f.industry_code[:3]
    segment = f.pilot_industries.get(f.industry_code) or f.pilot_industries.get(group)
    if segment:
        text = _("行业代码 {code}（{name}）属于试点行业“{segment}”。").format(
            code=f.industry_code, name=f.industry_name, segment=segment
        )
        return Criterion("industry", title, MET, text)
    if f.segment_is_chain:
        text = _("企业属于重点产业链“{segment}”，按产业链企业名录认定，不以行业代码判断。").format(
            segment=f.segment_name
        )
        return Criterion("industry", title, MET, text)
    if f.segment_name:
        text = _(
            "企业登记的细分行业为“{segment}”，但行业代码 {code}（{name}）不在该行业的代码范围内，请核实行业代码。"
        ).format(segment=f.segment_name, code=f.industry_code, name=f.industry_name)
        return Criterion("industry", title, REVIEW, text)
    codes = "、".join(sorted({c[:3] for c in f.pilot_industries}))
    text = _(
        "行业代码 {code}（{name}）不在试点行业范围（{codes}）内，企业也未列入重点产业链。"
    ).format(code=f.industry_code, name=f.industry_name, codes=codes or "—")
    return Criterion("industry", title, NOT_MET, text)


def check_size(f: Facts) -> Criterion:
    title = _("中小企业")
    size = SIZE_LABELS.get(f.size_class, f.size_class)
    revenue = f"{f.revenue:,.2f}"
    if f.size_class == "large":
        text = _(
            "从业人员 {n} 人、营业收入 {revenue} 万元，按{rule}工业标准属于大型企业，不属于中小企业。"
        ).format(n=f.employees, revenue=revenue, rule=SIZE_RULE)
        return Criterion("size", title, NOT_MET, text)
    text = _("从业人员 {n} 人、营业收入 {revenue} 万元，按{rule}工业标准属于{size}企业。").format(
        n=f.employees, revenue=revenue, rule=SIZE_RULE, size=size
    )
    return Criterion("size", title, MET, text)


def check_location(f: Facts) -> Criterion:
    title = _("在本市注册")
    if not f.division_in_program:
        text = _("企业所属行政区划“{division}”不在{city}试点范围内。").format(
            division=f.division_name, city=f.city
        )
        return Criterion("location", title, NOT_MET, text)
    prefix = region_prefix(f.region_code)
    authority = f.credit_code[2:8]
    if not prefix:
        text = _("企业注册在{city}{division}（方案未配置行政区划代码，未核对信用代码）。").format(
            city=f.city, division=f.division_name
        )
        return Criterion("location", title, MET, text)
    if not authority.startswith(prefix):
        text = _(
            "企业登记在{city}{division}，但统一社会信用代码第3-8位为 {authority}，不是{city}（{prefix}）的登记管理机关代码。"
            "企业可能在外地注册后迁入，请核实在本市注册和纳税的情况。"
        ).format(city=f.city, division=f.division_name, authority=authority, prefix=prefix)
        return Criterion("location", title, REVIEW, text)
    text = _(
        "企业注册在{city}{division}，统一社会信用代码第3-8位为 {authority}，属{city}（{prefix}）。"
    ).format(city=f.city, division=f.division_name, authority=authority, prefix=prefix)
    return Criterion("location", title, MET, text)


def check_not_funded(f: Facts) -> Criterion:
    title = _("未重复享受支持")
    if f.is_pilot:
        return Criterion(
            "not_funded", title, NOT_MET, _("企业已是本市试点企业（已入库），不能重复申报。")
        )
    if f.previously_funded:
        note = _("（{note}）").format(note=f.funding_note) if f.funding_note else ""
        text = _(
            "企业声明曾获中央财政资金支持{note}。已获中央财政资金支持的企业（如2022年试点企业、已获奖补的专精特新“小巨人”企业）不再重复支持。"
        ).format(note=note)
        return Criterion("not_funded", title, NOT_MET, text)
    if f.previously_funded is None:
        text = _(
            "尚未声明是否曾获中央财政资金支持（如2022年试点、专精特新“小巨人”中央财政奖补），请在申报时如实声明。"
        )
        return Criterion("not_funded", title, REVIEW, text)
    if f.little_giant:
        text = _(
            "企业为专精特新“小巨人”企业并声明未获中央财政资金支持；已获支持的“小巨人”企业不得申报，请核实。"
        )
        return Criterion("not_funded", title, REVIEW, text)
    return Criterion(
        "not_funded",
        title,
        MET,
        _("企业声明未曾获得中央财政资金支持（如2022年试点、专精特新“小巨人”中央财政奖补）。"),
    )


def check_above_scale(f: Facts) -> Criterion:
    title = _("规模以上")
    if f.above_scale:
        return Criterion(
            "above_scale",
            title,
            INFO,
            _("企业为规模以上工业企业（纳入统计联网直报），可优先支持。"),
        )
    text = _(
        "企业为规模以下企业。部分城市要求试点行业企业为规上企业（如合肥第（一）类），重点产业链企业不受此限。"
    )
    return Criterion("above_scale", title, INFO, text)


RULES = (check_industry, check_size, check_location, check_not_funded, check_above_scale)


def evaluate(facts: Facts) -> Eligibility:
    return Eligibility(tuple(rule(facts) for rule in RULES))
