"""The enterprise's earlier assessments beside this one, and the report's charts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from dxpilot.assessment import engine
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.report.common import local_date, signed
from dxpilot.assessment.report.rows import HistoryRow, PeerBenchmark
from dxpilot.assessment.selectors import visible_assessments

HISTORY_LIMIT = 12


def history(user: Any, assessment: Assessment) -> list[Assessment]:
    """Earlier submitted or locked assessments of the enterprise the user may see (plus the
    self-assessment an on-site one started from), oldest first; one query."""
    moment = assessment.submitted_at or assessment.created_at
    earlier = (
        Assessment.objects.filter(
            enterprise_id=assessment.enterprise_id,
            status__in=(Assessment.Status.SUBMITTED, Assessment.Status.LOCKED),
            submitted_at__lte=moment,
        )
        .exclude(pk=assessment.pk)
        .filter(
            Q(pk__in=visible_assessments(user).values("pk")) | Q(pk=assessment.reference_id or 0)
        )
        .order_by("-submitted_at", "-pk")[:HISTORY_LIMIT]
    )
    return [*reversed(list(earlier)), assessment]


def history_rows(items: list[Assessment], dims: list[str], current_pk: int) -> list[HistoryRow]:
    rows: list[HistoryRow] = []
    previous: Assessment | None = None
    for item in items:
        result = item.result or {}
        total = item.total if item.total is not None else Decimal(0)
        level = item.level or 0
        change, level_change = "", None
        if previous is not None and previous.total is not None:
            change = signed(total - previous.total)
            level_change = level - (previous.level or 0)
        rows.append(
            HistoryRow(
                pk=item.pk,
                kind=item.get_kind_display(),
                onsite=item.is_onsite,
                date=local_date(item),
                total=total,
                level=level,
                level_name=engine.level_name(level),
                dimensions=[Decimal(result.get("dimensions", {}).get(name, "0")) for name in dims],
                change=change,
                level_change=level_change,
                current=item.pk == current_pk,
            )
        )
        previous = item
    return rows


def charts(
    iset: engine.IndicatorSet,
    history: list[Assessment],
    rows: list[HistoryRow],
    peers: PeerBenchmark,
) -> dict[str, Any]:
    subs = iset.subdimensions
    series = []
    # This assessment and the one before it, so the radar shows what moved.
    for item, row in list(zip(history, rows, strict=True))[-2:][::-1]:
        values = (item.result or {}).get("subdimensions", {})
        name = _("{kind}（{date}）").format(kind=row.kind, date=row.date.isoformat())
        series.append({"name": name, "values": [float(values.get(s.name, 0)) for s in subs]})
    charts: dict[str, Any] = {
        "radar": {
            "indicators": [{"name": s.name, "max": float(s.max_score)} for s in subs],
            "series": series,
        },
        "peers": None,
    }
    if peers.enough:
        charts["peers"] = {
            "labels": [b.label for b in peers.buckets],
            "counts": [b.count for b in peers.buckets],
            "mine": next((n for n, b in enumerate(peers.buckets) if b.mine), None),
            "series": _("同行企业数"),
            "mine_label": _("本次总分所在区间"),
        }
    return charts
