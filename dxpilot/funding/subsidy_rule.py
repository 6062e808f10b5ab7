"""The subsidy rule of a programme, pure: min(ratio(year finished) × eligible investment, cap(level)).

Hefei (合肥市支持中小企业数字化转型试点城市建设若干政策, 2024-05-28): ≤50% of eligible investment for
work finished in 2024, ≤40% in 2025; caps 30/40/50万元 for 二/三/四级; eligible: software, cloud
services, gateways/routers and other data collection and transmission devices. The figures come from
the programme file (Program.subsidy_rule), never from code.

投入 is money spent: a line counts for what was **paid** on it (its paid amount, at most the
invoice), not for what was invoiced; an unpaid invoice counts nothing and the explanation names
it. The plan subsidises "实际投入" (§三.4 "按照实际投入…给予奖补"); 合肥's acceptance asks for the
invoices and the bank slips of the payments (付款凭证/银行回单) in the archive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from dxpilot.funding import phrases

CENT = Decimal("0.01")


class SubsidyRefusedError(Exception):
    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Line:
    category: str
    description: str
    amount: Decimal  # invoiced
    paid: Decimal | None = None  # paid on this invoice (None or 0: not paid)


@dataclass(frozen=True)
class Computation:
    completion_year: int
    level: int
    eligible_investment: Decimal
    excluded_investment: Decimal
    ratio: Decimal
    cap: Decimal
    by_ratio: Decimal
    amount: Decimal
    # Each line a stored sentence (funding.phrases): figures, said in the reader's language.
    explanation: list[dict[str, Any]] = field(default_factory=list)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def compute_subsidy(
    rule: dict[str, Any], *, level: int, completion_year: int, lines: Iterable[Line]
) -> Computation:
    """Compute the subsidy with a line-by-line explanation, or refuse with reasons.

    The explanation is stored figures (rendered by ``core.phrases.render``); the refusal
    reasons are said at once, in the active language.
    """
    reasons: list[str] = []
    min_level = int(rule.get("min_level", 2))
    if level < min_level:
        reasons.append(
            _("评定等级为 {level} 级，低于奖补要求的 {min_level} 级。").format(
                level=level, min_level=min_level
            )
        )
    ratio_text = rule.get("ratio_by_completion_year", {}).get(str(completion_year))
    if ratio_text is None:
        years = "、".join(sorted(rule.get("ratio_by_completion_year", {})))
        reasons.append(
            _("{year} 年完成的改造不在奖补年度内（可奖补年度：{years}）。").format(
                year=completion_year, years=years
            )
        )
    cap_text = rule.get("cap_by_level", {}).get(str(level))
    if cap_text is None and level >= min_level:
        reasons.append(_("方案没有为 {level} 级设定奖补上限。").format(level=level))
    if reasons:
        raise SubsidyRefusedError(reasons)
    categories = {c["key"]: c for c in rule.get("categories", [])}
    explanation: list[dict[str, Any]] = []
    eligible = excluded = Decimal(0)
    for line in lines:
        category = categories.get(line.category)
        name = category["name"] if category else line.category
        values = {"description": line.description, "category": name, "amount": _cents(line.amount)}
        paid = min(line.paid or Decimal(0), line.amount)
        if category is not None and category.get("eligible") and paid <= 0:
            excluded += line.amount
            explanation.append(phrases.LINE_UNPAID.say(**values))
        elif category is not None and category.get("eligible") and paid < line.amount:
            eligible += paid
            excluded += line.amount - paid
            explanation.append(phrases.LINE_PART_PAID.say(**values, paid=_cents(paid)))
        elif category is not None and category.get("eligible"):
            eligible += line.amount
            explanation.append(phrases.LINE_COUNTED.say(**values))
        elif category is not None:
            excluded += line.amount
            explanation.append(phrases.LINE_NOT_ELIGIBLE.say(**values))
        else:
            excluded += line.amount
            explanation.append(phrases.LINE_UNKNOWN_CATEGORY.say(**values))
    ratio, cap = Decimal(str(ratio_text)), Decimal(str(cap_text))
    by_ratio = (eligible * ratio).quantize(CENT, ROUND_HALF_UP)
    amount = min(by_ratio, cap)
    percent = f"{ratio * 100:.0f}"
    explanation.append(phrases.TOTALS.say(eligible=_cents(eligible), excluded=_cents(excluded)))
    explanation.append(
        phrases.BY_RATIO.say(
            year=completion_year, percent=percent, eligible=_cents(eligible), by_ratio=by_ratio
        )
    )
    explanation.append(phrases.CAP.say(level=level, cap=_cents(cap)))
    formula = {"by_ratio": by_ratio, "cap": _cents(cap), "amount": amount}
    capped = by_ratio > cap
    explanation.append((phrases.AMOUNT_CAPPED if capped else phrases.AMOUNT).say(**formula))
    return Computation(
        completion_year, level, eligible, excluded, ratio, cap, by_ratio, amount, explanation
    )
