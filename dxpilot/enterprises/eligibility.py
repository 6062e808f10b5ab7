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

Each criterion's explanation is a stored sentence (``core.phrases``): the snapshot kept with a
submitted application (``Application.eligibility``) holds codes and figures, and
``render_snapshot`` says it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from dxpilot.core.phrases import INTEGER, MONEY, choice, define, render

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
TITLES = {
    "industry": gettext_lazy("试点行业或重点产业链"),
    "size": gettext_lazy("中小企业"),
    "location": gettext_lazy("在本市注册"),
    "not_funded": gettext_lazy("未重复享受支持"),
    "above_scale": gettext_lazy("规模以上"),
}
SIZE = choice(lambda: SIZE_LABELS)

IN_PILOT_INDUSTRY = define(
    "eligibility.industry_pilot",
    gettext_noop("行业代码 {code}（{name}）属于试点行业“{segment}”。"),
)
IN_CHAIN = define(
    "eligibility.industry_chain",
    gettext_noop("企业属于重点产业链“{segment}”，按产业链企业名录认定，不以行业代码判断。"),
)
CODE_OUTSIDE_SEGMENT = define(
    "eligibility.industry_check_code",
    gettext_noop(
        "企业登记的细分行业为“{segment}”，但行业代码 {code}（{name}）不在该行业的代码范围内，请核实行业代码。"
    ),
)
OUTSIDE_INDUSTRIES = define(
    "eligibility.industry_outside",
    gettext_noop(
        "行业代码 {code}（{name}）不在试点行业范围（{codes}）内，企业也未列入重点产业链。"
    ),
)
LARGE = define(
    "eligibility.size_large",
    gettext_noop(
        "从业人员 {n} 人、营业收入 {revenue} 万元，按《中小企业划型标准规定》（工信部联企业〔2011〕300号）工业标准属于大型企业，不属于中小企业。"
    ),
    n=INTEGER,
    revenue=MONEY,
)
SME = define(
    "eligibility.size_sme",
    gettext_noop(
        "从业人员 {n} 人、营业收入 {revenue} 万元，按《中小企业划型标准规定》（工信部联企业〔2011〕300号）工业标准属于{size}企业。"
    ),
    n=INTEGER,
    revenue=MONEY,
    size=SIZE,
)
OUTSIDE_CITY = define(
    "eligibility.location_outside",
    gettext_noop("企业所属行政区划“{division}”不在{city}试点范围内。"),
)
NO_REGION_CODE = define(
    "eligibility.location_no_region_code",
    gettext_noop("企业注册在{city}{division}（方案未配置行政区划代码，未核对信用代码）。"),
)
OTHER_AUTHORITY = define(
    "eligibility.location_other_authority",
    gettext_noop(
        "企业登记在{city}{division}，但统一社会信用代码第3-8位为 {authority}，不是{city}（{prefix}）的登记管理机关代码。"
        "企业可能在外地注册后迁入，请核实在本市注册和纳税的情况。"
    ),
)
IN_CITY = define(
    "eligibility.location_in_city",
    gettext_noop(
        "企业注册在{city}{division}，统一社会信用代码第3-8位为 {authority}，属{city}（{prefix}）。"
    ),
)
ALREADY_PILOT = define(
    "eligibility.already_pilot", gettext_noop("企业已是本市试点企业（已入库），不能重复申报。")
)
FUNDED = define(
    "eligibility.funded",
    gettext_noop(
        "企业声明曾获中央财政资金支持。已获中央财政资金支持的企业（如2022年试点企业、已获奖补的专精特新“小巨人”企业）不再重复支持。"
    ),
)
FUNDED_NOTE = define(
    "eligibility.funded_note",
    gettext_noop(
        "企业声明曾获中央财政资金支持（{note}）。已获中央财政资金支持的企业（如2022年试点企业、已获奖补的专精特新“小巨人”企业）不再重复支持。"
    ),
)
NOT_DECLARED = define(
    "eligibility.funding_not_declared",
    gettext_noop(
        "尚未声明是否曾获中央财政资金支持（如2022年试点、专精特新“小巨人”中央财政奖补），请在申报时如实声明。"
    ),
)
LITTLE_GIANT = define(
    "eligibility.little_giant",
    gettext_noop(
        "企业为专精特新“小巨人”企业并声明未获中央财政资金支持；已获支持的“小巨人”企业不得申报，请核实。"
    ),
)
NOT_FUNDED = define(
    "eligibility.not_funded",
    gettext_noop(
        "企业声明未曾获得中央财政资金支持（如2022年试点、专精特新“小巨人”中央财政奖补）。"
    ),
)
ABOVE_SCALE = define(
    "eligibility.above_scale",
    gettext_noop("企业为规模以上工业企业（纳入统计联网直报），可优先支持。"),
)
BELOW_SCALE = define(
    "eligibility.below_scale",
    gettext_noop(
        "企业为规模以下企业。部分城市要求试点行业企业为规上企业（如合肥第（一）类），重点产业链企业不受此限。"
    ),
)

# The phrases each criterion may be explained with (read back by migration 0004).
CODES_BY_KEY: dict[str, tuple[str, ...]] = {
    "industry": tuple(
        p.code for p in (IN_PILOT_INDUSTRY, IN_CHAIN, CODE_OUTSIDE_SEGMENT, OUTSIDE_INDUSTRIES)
    ),
    "size": (LARGE.code, SME.code),
    "location": tuple(p.code for p in (OUTSIDE_CITY, NO_REGION_CODE, OTHER_AUTHORITY, IN_CITY)),
    "not_funded": tuple(
        p.code for p in (ALREADY_PILOT, FUNDED_NOTE, FUNDED, NOT_DECLARED, LITTLE_GIANT, NOT_FUNDED)
    ),
    "above_scale": (ABOVE_SCALE.code, BELOW_SCALE.code),
}


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
    status: str
    message: Mapping[str, Any]  # a stored sentence (core.phrases)

    @property
    def title(self) -> str:
        return str(TITLES.get(self.key, self.key))

    @property
    def explanation(self) -> str:
        return render(self.message)

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
        return summary(self.verdict, [c.status for c in self.criteria])

    def to_dict(self) -> dict[str, Any]:
        """The stored snapshot: codes and figures only (``render_snapshot`` adds the words)."""
        return {
            "verdict": self.verdict,
            "criteria": [
                {"key": c.key, "status": c.status, "message": dict(c.message)}
                for c in self.criteria
            ],
        }

    def to_words(self) -> dict[str, Any]:
        return render_snapshot(self.to_dict()) or {}


def summary(verdict: str, statuses: list[str]) -> str:
    if verdict == NOT_MET:
        n = sum(1 for s in statuses if s == NOT_MET)
        return _("不符合申报条件：{n} 项条件不满足。").format(n=n)
    if verdict == REVIEW:
        n = sum(1 for s in statuses if s == REVIEW)
        return _("基本符合申报条件，有 {n} 项需在审核时核实。").format(n=n)
    return _("符合申报条件。")


def render_snapshot(data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A stored eligibility snapshot with its words in the active language: ``summary`` and,
    per criterion, ``title``, ``status_label`` and ``explanation``. A snapshot stored before
    this rule (words only) keeps its words."""
    if not data:
        return None
    criteria = []
    for item in data.get("criteria", []):
        key, status = str(item.get("key", "")), str(item.get("status", ""))
        message = item.get("message")
        criteria.append(
            {
                "key": key,
                "status": status,
                "message": message,
                "title": str(TITLES[key]) if key in TITLES else str(item.get("title", key)),
                "status_label": str(STATUS_LABELS.get(status, status)),
                "explanation": render(message) if message else str(item.get("explanation", "")),
            }
        )
    verdict = str(data.get("verdict", ""))
    return {
        "verdict": verdict,
        "summary": summary(verdict, [c["status"] for c in criteria]),
        "criteria": criteria,
    }


def region_prefix(region_code: str) -> str:
    """ "340100" -> "3401": the leading digits shared by every registration authority of the city."""
    code = region_code.strip()
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def check_industry(f: Facts) -> Criterion:
    group = f.industry_code[:3]
    segment = f.pilot_industries.get(f.industry_code) or f.pilot_industries.get(group)
    code, name = f.industry_code, f.industry_name
    if segment:
        return Criterion(
            "industry", MET, IN_PILOT_INDUSTRY.say(code=code, name=name, segment=segment)
        )
    if f.segment_is_chain:
        return Criterion("industry", MET, IN_CHAIN.say(segment=f.segment_name))
    if f.segment_name:
        message = CODE_OUTSIDE_SEGMENT.say(segment=f.segment_name, code=code, name=name)
        return Criterion("industry", REVIEW, message)
    codes = "、".join(sorted({c[:3] for c in f.pilot_industries})) or "—"
    return Criterion("industry", NOT_MET, OUTSIDE_INDUSTRIES.say(code=code, name=name, codes=codes))


def check_size(f: Facts) -> Criterion:
    figures = {"n": f.employees, "revenue": f.revenue}
    if f.size_class == "large":
        return Criterion("size", NOT_MET, LARGE.say(**figures))
    return Criterion("size", MET, SME.say(**figures, size=f.size_class))


def check_location(f: Facts) -> Criterion:
    place = {"city": f.city, "division": f.division_name}
    if not f.division_in_program:
        return Criterion("location", NOT_MET, OUTSIDE_CITY.say(**place))
    prefix = region_prefix(f.region_code)
    authority = f.credit_code[2:8]
    if not prefix:
        return Criterion("location", MET, NO_REGION_CODE.say(**place))
    codes = {"authority": authority, "prefix": prefix}
    if not authority.startswith(prefix):
        return Criterion("location", REVIEW, OTHER_AUTHORITY.say(**place, **codes))
    return Criterion("location", MET, IN_CITY.say(**place, **codes))


def check_not_funded(f: Facts) -> Criterion:
    if f.is_pilot:
        return Criterion("not_funded", NOT_MET, ALREADY_PILOT.say())
    if f.previously_funded:
        message = FUNDED_NOTE.say(note=f.funding_note) if f.funding_note else FUNDED.say()
        return Criterion("not_funded", NOT_MET, message)
    if f.previously_funded is None:
        return Criterion("not_funded", REVIEW, NOT_DECLARED.say())
    if f.little_giant:
        return Criterion("not_funded", REVIEW, LITTLE_GIANT.say())
    return Criterion("not_funded", MET, NOT_FUNDED.say())


def check_above_scale(f: Facts) -> Criterion:
    message = ABOVE_SCALE.say() if f.above_scale else BELOW_SCALE.say()
    return Criterion("above_scale", INFO, message)


RULES = (check_industry, check_size, check_location, check_not_funded, check_above_scale)


def evaluate(facts: Facts) -> Eligibility:
    return Eligibility(tuple(rule(facts) for rule in RULES))
