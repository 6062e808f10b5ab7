"""The acceptance queue and the enterprise timeline (and the other review pages) at small vs
province scale: time and query count, as ratios.

    DXPILOT_DEBUG=true /tmp/v/bin/python benchmarks/bench_acceptance_queue.py [--projects 40000]

First the small demo world (demo_data small: projects in every state), measured; then province
volume is bulk-inserted on top — enterprises through the demo generator, and per enterprise a
locked T0, a project, a contract, three investment lines, nine archive files, eight timeline
events and (for half of them) an acceptance application — and every page is measured again with
the same users. DESIGN §7: a page must cost the same number of queries at any scale; a page whose
count differs is flagged GROWS. Times are medians of N requests through django.test.Client,
also given against GET /healthz of the same run. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import header, load_hefei, median_seconds, setup_django, table, timed

BATCH = 5000
ARCHIVE = ("contract", "invoice", "payment", "investment_list", "financial_statement", "completion_report",
           "effect", "post_self_assessment", "declaration")  # fmt: skip


@dataclass(frozen=True)
class Probe:
    label: str
    path: str  # may contain {project} / {enterprise} / {subsidy}
    username: str


PROBES = [
    Probe("city  acceptance queue (todo)", "/projects/acceptance/", "demo-city"),
    Probe("city  acceptance queue (all)", "/projects/acceptance/?status=", "demo-city"),
    Probe("district  acceptance queue", "/projects/acceptance/", "demo-district"),
    Probe("enterprise  timeline", "/projects/enterprise/{enterprise}/timeline/", "demo-enterprise"),
    Probe("city  enterprise timeline", "/projects/enterprise/{enterprise}/timeline/", "demo-city"),
    Probe("city  acceptance page", "/projects/{project}/acceptance/", "demo-city"),
    Probe("finance  subsidies", "/projects/subsidies/", "demo-finance"),
    Probe("finance  fund totals", "/projects/finance/totals/", "demo-finance"),
    Probe("city  flags", "/projects/flags/", "demo-city"),
    Probe("API  /acceptances", "/api/v1/acceptances", "demo-city"),
]


def grow(program: Any, target_projects: int) -> int:
    """Bulk-insert province volume: enterprises, T0s, projects and their rows, acceptances."""
    from django.db import transaction
    from django.utils import timezone

    from dxpilot.accounts.models import User
    from dxpilot.assessment.models import Assessment
    from dxpilot.enterprises.models import Enterprise
    from dxpilot.funding.models import Acceptance
    from dxpilot.projects.models import (
        Contract,
        Evidence,
        InvestmentLine,
        ProjectEvent,
        ProjectStatus,
        TransformationProject,
    )
    from dxpilot.providers.models import Provider

    have = TransformationProject.objects.count()
    missing = max(0, target_projects - have)
    if not missing:
        return 0
    with transaction.atomic():
        # Enterprises copied from a demo one (no contact data: nothing to encrypt).
        like = program.enterprises.order_by("pk").first()
        assert like is not None
        Enterprise.objects.bulk_create(
            [Enterprise(program=program, credit_code=f"BENCH{n:013d}", name=f"基准企业{n}", division_id=like.division_id,
                        industry_id=like.industry_id, segment_id=like.segment_id, employees=100, revenue=Decimal(3000),
                        size_class=like.size_class, is_pilot=True) for n in range(missing)],
            batch_size=BATCH,
        )  # fmt: skip
        template = Assessment.objects.filter(
            kind=Assessment.Kind.ONSITE_BEFORE, status=Assessment.Status.LOCKED
        ).first()
        provider = Provider.objects.filter(program=program, status=Provider.Status.APPROVED).first()
        user = User.objects.get(username="demo-city")
        assert template is not None and provider is not None
        fresh = list(
            program.enterprises.filter(projects__isnull=True, assessments__isnull=True).values_list(
                "pk", flat=True
            )[:missing]
        )
        now, day = timezone.now(), date(2025, 6, 30)
        t0s = Assessment.objects.bulk_create(
            [Assessment(enterprise_id=pk, kind=template.kind, edition=template.edition, status=template.status,
                        answers=template.answers, scenes=template.scenes, result=template.result, total=template.total,
                        level=template.level, assessed_on=day, locked_at=now, submitted_at=now) for pk in fresh],
            batch_size=BATCH,
        )  # fmt: skip
        statuses = [
            ProjectStatus.IMPLEMENTING,
            ProjectStatus.COMPLETED,
            ProjectStatus.ACCEPTANCE,
            ProjectStatus.ACCEPTED,
        ]
        projects = TransformationProject.objects.bulk_create(
            [TransformationProject(program=program, enterprise_id=pk, title=f"项目{pk}", status=statuses[n % 4],
                                   baseline_assessment=t0, completed_on=day if n % 4 else None)
             for n, (pk, t0) in enumerate(zip(fresh, t0s, strict=True))],
            batch_size=BATCH,
        )  # fmt: skip
        contracts = Contract.objects.bulk_create(
            [Contract(project=p, provider=provider, number=f"B{p.pk}", signed_on=day - timedelta(days=90),
                      starts_on=day - timedelta(days=90), ends_on=day, amount=Decimal(600000), filed_by=user) for p in projects],
            batch_size=BATCH,
        )  # fmt: skip
        lines, evidence, events, acceptances = [], [], [], []
        for n, (p, c) in enumerate(zip(projects, contracts, strict=True)):
            for k, cat in enumerate(("software", "cloud", "consulting")):
                lines.append(InvestmentLine(project=p, contract=c, category=cat, description=cat, amount=Decimal(100000),
                                            invoice_number=f"{p.pk}-{k}", invoice_on=day - timedelta(days=60), eligible=cat != "consulting"))  # fmt: skip
            evidence.extend(
                Evidence(project=p, kind=kind, sha256=f"{p.pk:032d}{kind[:32]:>32}"[:64], storage_name="x",
                         original_name=f"{kind}.pdf", content_type="application/pdf", size=100,
                         status=Evidence.Status.SUBMITTED, uploaded_by=user)
                for kind in ARCHIVE
            )  # fmt: skip
            events.extend(
                ProjectEvent(project=p, kind="bench", title=f"事件 {k}", actor=user)
                for k in range(8)
            )
            if n % 2:
                acceptances.append(Acceptance(project=p, round=1, status=[Acceptance.Status.APPLIED, Acceptance.Status.DISTRICT_CHECKED,
                                                                           Acceptance.Status.EXPERT_REVIEWED, Acceptance.Status.ACCEPTED][n % 4],
                                              applied_by=user))  # fmt: skip
        for model, rows in (
            (InvestmentLine, lines),
            (Evidence, evidence),
            (ProjectEvent, events),
            (Acceptance, acceptances),
        ):
            model.objects.bulk_create(rows, batch_size=BATCH)  # type: ignore[attr-defined]
    return len(projects)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=15, help="timed requests per page (median)")
    parser.add_argument(
        "--projects",
        type=int,
        default=40_000,
        help="projects at the large scale (DESIGN §7 province: 40 000)",
    )
    args = parser.parse_args()

    database_url = setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dxpilot.accounts.models import User
    from dxpilot.demo.world import build_world
    from dxpilot.funding.models import Acceptance
    from dxpilot.projects.models import Evidence, ProjectEvent, TransformationProject

    header(
        f"acceptance queue and timeline: small vs {args.projects:,} projects ({args.requests} requests each, median)",
        database_url,
    )
    program = load_hefei()
    build_world(program, "small")
    enterprise = User.objects.get(username="demo-enterprise").enterprise_id
    project = TransformationProject.objects.filter(acceptances__isnull=False).order_by("pk").first()
    assert project is not None
    values = {"enterprise": enterprise, "project": project.pk}
    clients: dict[str, Client] = {}
    for probe in PROBES:
        if probe.username not in clients:
            client = Client()
            client.force_login(User.objects.get(username=probe.username))
            clients[probe.username] = client

    def measure() -> dict[Probe, tuple[int, float, int]]:
        out = {}
        for probe in PROBES:
            client, path = clients[probe.username], probe.path.format(**values)
            seconds = median_seconds(
                lambda c=client, p=path: c.get(p), repeat=args.requests, warmup=2
            )
            with CaptureQueriesContext(connection) as queries:
                status = client.get(path).status_code
            out[probe] = (len(queries), seconds, status)
        return out

    def healthz() -> float:
        client = Client()
        return median_seconds(lambda: client.get("/healthz"), repeat=args.requests * 5, warmup=5)

    def sizes() -> str:
        return (f"{TransformationProject.objects.count():,} projects, {Acceptance.objects.count():,} acceptances, "
                f"{Evidence.objects.count():,} archive files, {ProjectEvent.objects.count():,} timeline events")  # fmt: skip

    small, small_healthz, small_sizes = measure(), healthz(), sizes()
    grow_seconds, added = timed(lambda: grow(program, args.projects))
    large, large_healthz, large_sizes = measure(), healthz(), sizes()
    print(f"   small: {small_sizes}")
    print(f"   large: {large_sizes} (+{added:,} projects bulk-inserted in {grow_seconds:.1f}s)")
    print(
        f"   baseline GET /healthz: {small_healthz * 1000:.2f} ms small, {large_healthz * 1000:.2f} ms large"
    )
    print()
    rows, grows = [], []
    for probe in PROBES:
        (sq, ss, sst), (lq, ls, lst) = small[probe], large[probe]
        flag = "GROWS" if sq != lq else ""
        if flag:
            grows.append(probe.label)
        if sst != 200 or lst != 200:
            flag = f"{flag} HTTP {sst}/{lst}".strip()
        rows.append([probe.label, sq, lq, f"{ss * 1000:.1f}", f"{ls * 1000:.1f}", f"{ls / ss:.2f}",
                     f"{ss / small_healthz:.1f}", f"{ls / large_healthz:.1f}", flag])  # fmt: skip
    print(table(["page", "queries small", "queries large", "ms small", "ms large", "large/small",
                 "x healthz small", "x healthz large", "flag"], rows))  # fmt: skip
    print()
    print(
        f"GROWS: {', '.join(grows)}"
        if grows
        else "Every page costs the same number of queries at both scales."
    )


if __name__ == "__main__":
    main()
