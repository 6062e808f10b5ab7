"""The peer benchmark: where a total stands among the enterprises of the same 细分行业 and size
class, counted in one aggregate query."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from dxpilot.assessment import engine
from dxpilot.assessment.report.common import LEVELS, pct
from dxpilot.assessment.report.rows import Bucket, PeerBenchmark
from dxpilot.enterprises.models import Enterprise

# Fewer peers than this and the benchmark says 样本不足: the figures would mean little and would
# come close to revealing single enterprises' results.
MIN_PEERS = 5
BUCKET_WIDTH = 10
BUCKETS = 10  # 0–10, 10–20, … 90–100 (100 falls in the last one)


def peer_benchmark(enterprise: Enterprise, total: Decimal) -> PeerBenchmark:
    """Where a total stands among the other enterprises of the same 细分行业 and size class that
    have an on-site level: one aggregate query. Percentile rank = (below + ties / 2) / peers."""
    segment = enterprise.segment.name if enterprise.segment else ""
    size = enterprise.get_size_class_display()
    if enterprise.segment_id is None:
        return PeerBenchmark(segment, size, 0, False, no_segment=True)
    peers = Enterprise.objects.filter(
        program_id=enterprise.program_id,
        segment_id=enterprise.segment_id,
        size_class=enterprise.size_class,
        level_total__isnull=False,
    ).exclude(pk=enterprise.pk)
    counts: dict[str, Any] = {
        "n": Count("pk"),
        "below": Count("pk", filter=Q(level_total__lt=total)),
        "equal": Count("pk", filter=Q(level_total=total)),
    }
    for level in LEVELS:
        counts[f"level_{level}"] = Count("pk", filter=Q(level=level))
    for b in range(BUCKETS):
        low = Q(level_total__gte=b * BUCKET_WIDTH)
        high = Q() if b == BUCKETS - 1 else Q(level_total__lt=(b + 1) * BUCKET_WIDTH)
        counts[f"bucket_{b}"] = Count("pk", filter=low & high)
    row = peers.aggregate(**counts)
    n = row["n"]
    if n < MIN_PEERS:
        return PeerBenchmark(segment, size, n, False)
    below, equal = row["below"], row["equal"]
    percentile = pct(Decimal(2 * below + equal), Decimal(2 * n))
    mine = min(int(total // BUCKET_WIDTH), BUCKETS - 1)
    return PeerBenchmark(
        segment=segment,
        size_class=size,
        peers=n,
        enough=True,
        below=below,
        equal=equal,
        above=n - below - equal,
        percentile=percentile,
        levels=[
            (lv, engine.level_name(lv), row[f"level_{lv}"], pct(row[f"level_{lv}"], n))
            for lv in LEVELS
        ],
        buckets=[
            Bucket(f"{b * BUCKET_WIDTH}–{(b + 1) * BUCKET_WIDTH}", row[f"bucket_{b}"], b == mine)
            for b in range(BUCKETS)
        ],
    )
