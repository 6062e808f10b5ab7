"""The diagnosis report (page and .docx) and the level overview, at small and at city scale.

    DXPILOT_DEBUG=true .venv/bin/python benchmarks/bench_report.py [--requests 20]

One enterprise's latest on-site report (with a self-assessment, T0 and T1 before it, overrides and
evidence) is timed first in the small demo world, then again after the city world is generated on
top and at least --levelled enterprises (default 3 000) carry a locked on-site level (bulk rows with
a stored result, no per-row services), so its peer group and the city's level distribution grow.
Each figure is the median of N requests through django.test.Client, with the SQL query count of
one request (CaptureQueriesContext): the counts must not change with the scale (DESIGN §7; a change
is flagged GROWS). Times are also given against two baselines measured in the same run: GET
/healthz (the whole middleware stack, no query) and `engine.score_json` of the same
answer sheet. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import header, load_hefei, median_seconds, setup_django, table, timed

BATCH = 2000


@dataclass
class Measure:
    queries: int
    seconds: float
    status: int
    size: int


def pick_target() -> Any:
    """The on-site assessment with the richest history in the largest peer group."""
    from django.db.models import Count

    from dxpilot.assessment.models import Assessment
    from dxpilot.enterprises.models import Enterprise

    group = (
        Enterprise.objects.filter(level_total__isnull=False, segment__isnull=False)
        .values("segment_id", "size_class")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert group is not None, "the demo world has no assessed enterprises"
    return (
        Assessment.objects.filter(
            status=Assessment.Status.LOCKED,
            enterprise__segment_id=group["segment_id"],
            enterprise__size_class=group["size_class"],
        )
        .annotate(history=Count("enterprise__assessments"))
        .order_by("-history", "-submitted_at")
        .select_related("enterprise")
        .first()
    )


def decorate(target: Any) -> None:
    """Overrides with reasons and evidence rows on the target, as an assessor leaves them."""
    from dxpilot.accounts.models import User
    from dxpilot.assessment.models import AssessmentEvidence, Override

    by = User.objects.get(pk=target.assessor_id)
    codes = ["B1.2", "B3.1", "M1.1", "产品设计", "生产管控"]
    Override.objects.bulk_create(
        [
            Override(
                assessment=target,
                item=c,
                self_value="B" if "." in c else 1,
                value=target.answers.get(c, target.scenes.get(c)),
                reason="现场核实：系统只覆盖部分环节",
                by=by,
            )
            for c in codes
        ]
    )
    AssessmentEvidence.objects.bulk_create(
        [
            AssessmentEvidence(
                assessment=target,
                item=c,
                file=f"assessment-evidence/bench/{n}.png",
                original_name=f"现场照片{n}.png",
                content_type="image/png",
                size=120_000,
                sha256=f"{n:064x}",
                uploaded_by=by,
            )
            for n, c in enumerate(codes * 2)
        ]
    )


def level_up(program: Any, wanted: int, target: Any) -> int:
    """Give enterprises without a level a locked on-site assessment until `wanted` have one,
    the target's peer group first. Results are scored once per sheet and reused."""
    from django.db.models import Case, IntegerField, Value, When

    from dxpilot.assessment import engine
    from dxpilot.assessment.models import Assessment
    from dxpilot.demo.assessments import random_sheet
    from dxpilot.enterprises.models import Enterprise

    have = Enterprise.objects.filter(program=program, level__isnull=False).count()
    if have >= wanted:
        return 0
    iset = engine.load_indicator_set(program.assessment_edition)
    rng = random.Random(117)
    scored = []
    for n in range(40):
        sheet = random_sheet(rng, iset, 0.15 + 0.7 * n / 39)
        result = engine.score_sheet(sheet)
        scored.append(
            (sheet, result.to_dict(), result.total.quantize(Decimal("0.01")), result.level)
        )
    peers_first = Case(
        When(
            segment_id=target.enterprise.segment_id,
            size_class=target.enterprise.size_class,
            then=Value(0),
        ),
        default=Value(1),
        output_field=IntegerField(),
    )
    pks = list(
        Enterprise.objects.filter(program=program, level__isnull=True)
        .order_by(peers_first, "pk")
        .values_list("pk", flat=True)[: wanted - have]
    )
    assessor_id = target.assessor_id
    rows = []
    for pk in pks:
        sheet, payload, total, level = scored[rng.randrange(len(scored))]
        rows.append(Assessment(enterprise_id=pk, kind=Assessment.Kind.ONSITE_BEFORE, edition=iset.edition,
                               status=Assessment.Status.LOCKED, assessor_id=assessor_id, answers=sheet["answers"],
                               scenes=sheet["scenes"], result=payload, total=total, level=level,
                               assessed_on=target.assessed_on, submitted_at=target.submitted_at,
                               locked_at=target.submitted_at))  # fmt: skip
    created = Assessment.objects.bulk_create(rows, batch_size=BATCH)
    Enterprise.objects.bulk_update(
        [
            Enterprise(
                pk=a.enterprise_id, level=a.level, level_total=a.total, level_assessment_id=a.pk
            )
            for a in created
        ],
        ["level", "level_total", "level_assessment"],
        batch_size=BATCH,
    )
    return len(created)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (median)")
    parser.add_argument(
        "--scale", default="city", choices=["city", "province"], help="the large world"
    )
    parser.add_argument(
        "--levelled",
        type=int,
        default=3000,
        help="enterprises with an on-site level at the large scale",
    )
    args, _unknown = parser.parse_known_args()

    database_url = setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dxpilot.accounts.models import User
    from dxpilot.assessment import engine
    from dxpilot.assessment.models import Assessment
    from dxpilot.demo.world import build_world
    from dxpilot.enterprises.models import Enterprise

    header(
        f"diagnosis report and level overview: small vs {args.scale} scale ({args.requests} requests each, median)",
        database_url,
    )
    program = load_hefei()
    build_world(program, "small")
    target = pick_target()
    decorate(target)
    sheet_text = json.dumps(
        {
            "edition": target.edition,
            "industry": "",
            "answers": target.answers,
            "scenes": target.scenes,
        },
        ensure_ascii=False,
    )

    client = Client()
    client.force_login(User.objects.get(username="demo-city"))
    probes = {
        "report page": f"/assessment/{target.pk}/report/",
        "report .docx": f"/assessment/{target.pk}/report.docx",
        "level overview": "/assessment/levels/",
    }

    def fetch(path: str) -> Any:
        response = client.get(path)
        if response.streaming:
            response.content_bytes = b"".join(response.streaming_content)
        return response

    def measure(path: str) -> Measure:
        repeat = max(3, args.requests // 2) if path.endswith(".docx") else args.requests
        seconds = median_seconds(lambda: fetch(path), repeat=repeat, warmup=2)
        with CaptureQueriesContext(connection) as queries:
            response = fetch(path)
        body = getattr(response, "content_bytes", None) or response.content
        return Measure(len(queries), seconds, response.status_code, len(body))

    def baselines() -> tuple[float, float]:
        bare = Client()
        healthz = median_seconds(lambda: bare.get("/healthz"), repeat=args.requests * 5, warmup=5)
        score = median_seconds(
            lambda: engine.score_json(sheet_text).to_dict(), repeat=args.requests * 20, warmup=20
        )
        return healthz, score

    def facts() -> tuple[int, int, int, int]:
        e = target.enterprise
        peers = (
            Enterprise.objects.filter(
                segment_id=e.segment_id, size_class=e.size_class, level_total__isnull=False
            ).count()
            - 1
        )
        return (
            Enterprise.objects.count(),
            Enterprise.objects.filter(level__isnull=False).count(),
            Assessment.objects.count(),
            peers,
        )

    small_facts = facts()
    small = {label: measure(path) for label, path in probes.items()}
    small_base = baselines()
    generate_seconds, _counts = timed(lambda: build_world(program, args.scale))
    level_seconds, added = timed(lambda: level_up(program, args.levelled, target))
    large_facts = facts()
    large = {label: measure(path) for label, path in probes.items()}
    large_base = baselines()

    for name, f in (("small", small_facts), (args.scale, large_facts)):
        print(f"   {name}: {f[0]:,} enterprises, {f[1]:,} with an on-site level, {f[2]:,} assessments, "
              f"{f[3]:,} peers of the report's enterprise")  # fmt: skip
    print(
        f"   {args.scale} world generated on top in {generate_seconds:.1f}s; {added:,} on-site levels bulk-added in {level_seconds:.1f}s"
    )
    print(
        f"   report: assessment {target.pk} ({target.get_kind_display()}), {target.enterprise.name}"
    )
    print(f"   baselines: GET /healthz {small_base[0] * 1000:.2f} ms small / {large_base[0] * 1000:.2f} ms {args.scale}; "
          f"engine.score_json of the same sheet {small_base[1] * 1000:.3f} ms / {large_base[1] * 1000:.3f} ms")  # fmt: skip
    print()
    rows, grows = [], []
    for label in probes:
        s, c = small[label], large[label]
        flag = ""
        if s.queries != c.queries:
            flag = "GROWS"
            grows.append(label)
        if s.status != 200 or c.status != 200:
            flag = f"{flag} HTTP {s.status}/{c.status}".strip()
        rows.append([
            label, s.queries, c.queries, f"{s.seconds * 1000:.1f}", f"{c.seconds * 1000:.1f}", f"{c.seconds / s.seconds:.2f}",
            f"{c.seconds / large_base[0]:.1f}", f"{c.seconds / large_base[1]:.0f}", f"{c.size / 1024:.0f}", flag,
        ])  # fmt: skip
    print(table(["", "queries small", f"queries {args.scale}", "ms small", f"ms {args.scale}", f"{args.scale}/small",
                 "x healthz", "x score_json", "KiB", ""], rows))  # fmt: skip
    print()
    if grows:
        print(f"GROWS: the query count depends on the data size for: {', '.join(grows)}")
    else:
        print(
            "The report, its .docx and the level overview cost the same number of queries at both scales."
        )


if __name__ == "__main__":
    main()
