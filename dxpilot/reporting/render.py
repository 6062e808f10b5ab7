"""Words and figures of a circular or evaluation report, shared by the page, the Word document
and the Excel annex (the stored content holds figures and codes only)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dxpilot.assessment.render import level_name
from dxpilot.reporting.models import Circular, IssuedDocument, PerformanceEvaluation
from dxpilot.reporting.periods import parse_period
from dxpilot.reporting.rules import evaluation_stages

DASH = "—"


def percent(value: Any) -> str:
    if value is None or value == "":
        return DASH
    return f"{(Decimal(str(value)) * 100).quantize(Decimal('0.1'))}%"


def figure(value: Any, row: dict[str, Any]) -> str:
    """A target or actual value: a ratio as a percentage, a count without trailing zeros."""
    if value is None or value == "":
        return DASH
    if row.get("ratio"):
        return percent(value)
    number = Decimal(str(value))
    text = f"{number.normalize():f}" if number != number.to_integral() else f"{int(number)}"
    return f"{text} {row.get('unit', '')}".strip()


def level(value: int | None) -> str:
    return DASH if value is None else level_name(value)


def period_label(circular: Circular) -> str:
    return parse_period(circular.period).label


def stage_name(evaluation: PerformanceEvaluation) -> str:
    program = evaluation.program
    for stage in evaluation_stages(program, list(program.stages.order_by("starts_on"))):
        if stage.key == evaluation.stage:
            return stage.name
    return evaluation.stage


def title(doc: IssuedDocument) -> str:
    city = doc.program.city
    if isinstance(doc, Circular):
        return _("关于{period}{city}中小企业数字化转型城市试点工作进展情况的通报").format(
            period=period_label(doc), city=city
        )
    if isinstance(doc, PerformanceEvaluation):
        return _("{city}中小企业数字化转型城市试点{stage}报告").format(
            city=city, stage=stage_name(doc)
        )
    raise TypeError(doc)


def number_line(doc: IssuedDocument) -> str:
    return doc.number if doc.is_issued else _("（草稿，尚未印发，无文号）")


def as_of(doc: IssuedDocument) -> str:
    stamp = str(doc.content.get("as_of", ""))[:16].replace("T", " ")
    return _("指标数据截至 {time}（生成时的统计值）。").format(time=stamp)


def division_rows(circular: Circular, *, zones: bool) -> list[dict[str, Any]]:
    """The divisions (or zones) of a circular, best first, unranked last."""
    entries = [e for e in circular.content.get("divisions", []) if bool(e["zone"]) == zones]
    return sorted(entries, key=lambda e: (e["rank"] is None, e["rank"] or 0, e["code"]))


def lagging_names(circular: Circular) -> list[str]:
    return [e["name"] for e in circular.content.get("divisions", []) if e["lagging"]]


def overview_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "name": r["name"],
            "target": figure(r["value"], r),
            "actual": figure(r["actual"], r),
            "rate": percent(r["rate"]),
            "url": r.get("url", ""),
            "has_source": r.get("has_source", True),
        }
        for r in rows
    ]


def ranking_rows(circular: Circular, *, zones: bool) -> list[dict[str, Any]]:
    return [
        {
            "rank": e["rank"] or DASH,
            "name": e["name"],
            "pilots": e["pilots"],
            "share": percent(e["share"]),
            "score": percent(e["score"]),
            "overdue": e["overdue"],
            "lagging": e["lagging"],
        }
        for e in division_rows(circular, zones=zones)
    ]


def indicator_rows(evaluation: PerformanceEvaluation) -> list[dict[str, Any]]:
    return [
        {
            "name": r["name"],
            "plan": figure(r["value"], r),
            "due": figure(r["due"], r),
            "actual": figure(r["actual"], r),
            "rate": percent(r["rate"]),
            "url": r["url"],
            "definition": r["definition"],
            "has_source": r["has_source"],
        }
        for r in evaluation.content.get("indicators", [])
    ]
