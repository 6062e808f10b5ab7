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
from django.utils.translation import gettext_lazy

from dxpilot.core.phrases import render
from dxpilot.enterprises.phrases import (
    ABOVE_SCALE,
    ALREADY_PILOT,
    BELOW_SCALE,
    CODE_OUTSIDE_SEGMENT,
    FUNDED,
    FUNDED_NOTE,
    IN_CHAIN,
    IN_CITY,
    IN_PILOT_INDUSTRY,
    LARGE,
    LITTLE_GIANT,
    NO_REGION_CODE,
    NOT_DECLARED,
    NOT_FUNDED,
    OTHER_AUTHORITY,
    OUTSIDE_CITY,
    OUTSIDE_INDUSTRIES,
    SME,
)

MET, NOT_MET, REVIEW, INFO = "met", "not_met", "review", "info"

STATUS_LABELS = {
    MET: gettext_lazy("符合"),
    NOT_MET: gettext_lazy("不符合"),
    REVIEW: gettext_lazy("需核实"),
    INFO: gettext_lazy("供参考"),
}
TITLES = {
    "industry": gettext_lazy("试点行业或重点产业链"),
    "size": gettext_lazy("中小企业"),
    "location": gettext_lazy("在本市注册"),
    "not_funded": gettext_lazy("未重复享受支持"),
    "above_scale": gettext_lazy("规模以上"),
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
