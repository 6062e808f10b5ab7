"""Pure rules of policy documents: the shape of a document number and who a policy applies to.

A Chinese government document number (发文字号, GB/T 9704-2012 §7.2.3) is the issuer's code, the
year in hexagonal brackets 〔〕 and a sequence number with 号: 合政办〔2024〕12号,
财建〔2023〕117号, 工信部联企业〔2011〕300号. People type the brackets in many ways ([2024],
［2024］, 【2024】, (2024), （2024）); those are read as 〔〕 and stored in the standard form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from dxpilot.core.validation import strip_invisible

NUMBER = re.compile(
    r"^(?P<code>[\u4e00-\u9fffA-Za-z]{1,20})〔(?P<year>\d{4})〕(?P<seq>[1-9]\d{0,4})号$"
)
_OPEN = "[［【(（〔"
_CLOSE = "]］】)）〕"
_BRACKETED_YEAR = re.compile(rf"[{re.escape(_OPEN)}]\s*(\d{{4}})\s*[{re.escape(_CLOSE)}]")
EARLIEST_YEAR = 1949


@dataclass(frozen=True)
class DocumentNumber:
    code: str
    year: int
    sequence: int

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.sequence}号"


def normalise_number(text: str) -> str:
    """The number in its standard form: no spaces or invisible characters, brackets as 〔〕."""
    text = strip_invisible(unicodedata.normalize("NFC", text or ""))
    text = "".join(text.split())
    # NFKC only on the digits and brackets, never on the issuer's characters.
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return _BRACKETED_YEAR.sub(lambda m: f"〔{m.group(1)}〕", text)


def parse_number(text: str, *, issued_on: date | None) -> tuple[str, list[str]]:
    """(standard form, problems). An empty number is allowed (a notice may have none)."""
    number = normalise_number(text)
    if not number:
        return "", []
    match = NUMBER.match(number)
    if match is None:
        return number, [
            _(
                "文号“{number}”格式不正确，应为“发文机关代字〔年份〕序号号”，如 合政办〔2024〕12号。"
            ).format(number=number)
        ]
    year = int(match["year"])
    problems = []
    if year < EARLIEST_YEAR:
        problems.append(_("文号“{number}”的年份 {year} 不合理。").format(number=number, year=year))
    elif issued_on is not None and year != issued_on.year:
        problems.append(
            _("文号“{number}”的年份 {year} 与发文日期 {day} 的年份不一致。").format(
                number=number, year=year, day=issued_on.isoformat()
            )
        )
    return number, problems


@dataclass(frozen=True)
class Applicant:
    """The facts of an enterprise that a policy's conditions read."""

    division_ids: frozenset[int]  # its division and its zone
    segment_id: int | None
    size_class: str
    srdi_tier: str
    above_scale: bool
    is_pilot: bool


def applicant_of(enterprise: Any) -> Applicant:
    return Applicant(
        division_ids=frozenset(pk for pk in (enterprise.division_id, enterprise.zone_id) if pk),
        segment_id=enterprise.segment_id,
        size_class=enterprise.size_class,
        srdi_tier=enterprise.srdi_tier,
        above_scale=enterprise.above_scale,
        is_pilot=enterprise.is_pilot,
    )


@dataclass(frozen=True)
class Conditions:
    division_ids: frozenset[int]
    segment_ids: frozenset[int]
    size_classes: frozenset[str]
    srdi_tiers: frozenset[str]
    scale: str
    pilot_only: bool


def conditions_of(policy: Any) -> Conditions:
    """Expects divisions and segments prefetched."""
    return Conditions(
        division_ids=frozenset(d.pk for d in policy.divisions.all()),
        segment_ids=frozenset(s.pk for s in policy.segments.all()),
        size_classes=frozenset(policy.size_classes or ()),
        srdi_tiers=frozenset(policy.srdi_tiers or ()),
        scale=policy.scale,
        pilot_only=policy.pilot_only,
    )


def applies(conditions: Conditions, applicant: Applicant) -> bool:
    """Every condition holds; an empty condition holds for everyone."""
    if conditions.division_ids and not (conditions.division_ids & applicant.division_ids):
        return False
    if conditions.segment_ids and applicant.segment_id not in conditions.segment_ids:
        return False
    if conditions.size_classes and applicant.size_class not in conditions.size_classes:
        return False
    if conditions.srdi_tiers and applicant.srdi_tier not in conditions.srdi_tiers:
        return False
    if conditions.scale == "above" and not applicant.above_scale:
        return False
    if conditions.scale == "below" and applicant.above_scale:
        return False
    return not (conditions.pilot_only and not applicant.is_pilot)
