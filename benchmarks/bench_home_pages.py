"""Home page of every role (and the enterprise list and API) at small and at city scale.

    DXPILOT_DEBUG=true .venv/bin/python benchmarks/bench_home_pages.py [--requests 20]

For each page: the median time of N requests through django.test.Client and the number of SQL
queries of one request (CaptureQueriesContext), first with the small demo world, then again
after `demo_data --scale city` has been generated on top of it (same users, same programme).
DESIGN §7: pages must cost a constant number of queries whatever the scale, so any page whose
query count differs between the two scales is flagged GROWS. Times are also given as a ratio to
GET /healthz (the middleware stack, no query) measured in the same run, which says more than milliseconds across
machines. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import header, load_hefei, median_seconds, setup_django, table, timed


@dataclass(frozen=True)
class Probe:
    label: str
    path: str
    username: str | None  # None: anonymous
    bearer: bool = False  # API token of `username` instead of a session


PROBES = [
    Probe("city admin  /", "/", "demo-city"),
    Probe("district officer  /", "/", "demo-district"),
    Probe("finance  /", "/", "demo-finance"),
    Probe("assessor  /", "/", "demo-assessor"),
    Probe("enterprise  /", "/", "demo-enterprise"),
    Probe("provider  /", "/", "demo-provider"),
    Probe("anonymous  /", "/", None),
    Probe("city admin  /enterprises/", "/enterprises/", "demo-city"),
    Probe("district officer  /enterprises/", "/enterprises/", "demo-district"),
    Probe("API token  /api/v1/enterprises", "/api/v1/enterprises", "demo-city", bearer=True),
]


@dataclass
class Measure:
    queries: int
    seconds: float
    status: int


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (median)")
    parser.add_argument(
        "--scale", default="city", choices=["city", "province"], help="the large world"
    )
    args = parser.parse_args()

    database_url = setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dxpilot.accounts.models import ApiToken, User
    from dxpilot.accounts.services import issue_api_token
    from dxpilot.demo.world import build_world
    from dxpilot.enterprises.models import Enterprise

    header(
        f"home pages per role: small vs {args.scale} scale ({args.requests} requests each, median)",
        database_url,
    )
    program = load_hefei()
    build_world(program, "small")

    admin = User.objects.get(username="demo-city")
    _token, secret = issue_api_token(
        actor=admin, owner=admin, name="bench", scopes=[ApiToken.Scope.ENTERPRISES_READ]
    )
    clients: dict[Probe, Client] = {}
    for probe in PROBES:
        if probe.bearer:
            client = Client(headers={"Authorization": f"Bearer {secret}"})
        else:
            client = Client()
            if probe.username:
                client.force_login(User.objects.get(username=probe.username))
        clients[probe] = client

    def measure(probe: Probe) -> Measure:
        client = clients[probe]
        seconds = median_seconds(lambda: client.get(probe.path), repeat=args.requests, warmup=2)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(probe.path)
        return Measure(len(queries), seconds, response.status_code)

    def healthz() -> float:
        client = Client()
        return median_seconds(lambda: client.get("/healthz"), repeat=args.requests * 5, warmup=5)

    small_count = Enterprise.objects.count()
    small = {probe: measure(probe) for probe in PROBES}
    small_healthz = healthz()
    generate_seconds, _counts = timed(lambda: build_world(program, args.scale))
    large_count = Enterprise.objects.count()
    large = {probe: measure(probe) for probe in PROBES}
    large_healthz = healthz()

    print(f"   small world: {small_count:,} enterprises; {args.scale} world: {large_count:,} enterprises "
          f"({args.scale} data generated on top in {generate_seconds:.1f}s)")  # fmt: skip
    print(
        f"   baseline GET /healthz: {small_healthz * 1000:.2f} ms small, {large_healthz * 1000:.2f} ms {args.scale}"
    )
    print()
    rows = []
    grows = []
    for probe in PROBES:
        s, c = small[probe], large[probe]
        flag = ""
        if s.queries != c.queries:
            flag = "GROWS"
            grows.append(probe.label)
        if s.status != 200 or c.status != 200:
            flag = f"{flag} HTTP {s.status}/{c.status}".strip()
        rows.append(
            [
                probe.label,
                s.queries,
                c.queries,
                f"{s.seconds * 1000:.1f}",
                f"{c.seconds * 1000:.1f}",
                f"{c.seconds / s.seconds:.2f}",
                f"{s.seconds / small_healthz:.1f}",
                f"{c.seconds / large_healthz:.1f}",
                flag,
            ]
        )
    print(
        table(
            ["page", "queries small", f"queries {args.scale}", "ms small", f"ms {args.scale}",
             f"{args.scale}/small", "x healthz small", f"x healthz {args.scale}", "flag"],
            rows,
        )
    )  # fmt: skip
    print()
    if grows:
        print(f"GROWS: the query count depends on the data size for: {', '.join(grows)}")
    else:
        print("Every page costs the same number of queries at both scales.")


if __name__ == "__main__":
    main()
