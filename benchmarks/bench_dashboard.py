"""The city and district dashboard (home page, each figure partial, the drill-down lists and the
Excel export) at small and at city scale, with and without the dashboard's indexes.

    DXPILOT_DEBUG=true .venv/bin/python benchmarks/bench_dashboard.py [--requests 10] [--scale city]

For each page: the median wall time and the median CPU time of the process (time.process_time:
SQLite runs in-process, so this is the work of the request, less sensitive than wall time to other
processes on a shared machine), the number of SQL queries, and the ratio to the **raw SQL
underneath**: the very statements the page issued, replayed on the bare sqlite3 connection and
fetched in full (no ORM, no template) in the same run. "Before" drops the covering indexes the
dashboard relies on (enterprise_pilot_idx, enterprise_above_scale_idx, assessment_latest_idx),
"after" recreates them: same data, same code, same run. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import header, load_hefei, setup_django, table, timed

INDEXES = {
    "enterprise_pilot_idx": 'ON "enterprises_enterprise" ("program_id", "is_pilot", "segment_id")',
    "enterprise_above_scale_idx": 'ON "enterprises_enterprise" ("program_id", "above_scale", "segment_id")',
    "assessment_latest_idx": 'ON "assessment_assessment" ("status", "kind", "enterprise_id", "locked_at")',
}  # fmt: skip


@dataclass(frozen=True)
class Probe:
    label: str
    path: str
    username: str


def probes() -> list[Probe]:
    found = [Probe("city  /", "/", "demo-city"), Probe("district  /", "/", "demo-district")]
    for family in ("breakdowns", "funnel", "migration", "funds", "providers", "alerts"):
        found.append(Probe(f"city  {family}", f"/dashboard/figures/{family}/", "demo-city"))
        found.append(Probe(f"district  {family}", f"/dashboard/figures/{family}/", "demo-district"))
    found.append(Probe("finance  funds", "/dashboard/figures/funds/", "demo-finance"))
    for query in ("stage=admitted", "t0=1&t1=2", "pilot=1&t1_min=2&page=2", "alert=overdue"):
        found.append(Probe(f"city  list {query}", f"/dashboard/list/?{query}", "demo-city"))
        found.append(Probe(f"district  list {query}", f"/dashboard/list/?{query}", "demo-district"))
    found.append(Probe("city  export stage=contracted", "/dashboard/list/export.xlsx?stage=contracted", "demo-city"))  # fmt: skip
    return found


@dataclass
class Result:
    queries: int
    wall: float
    cpu: float
    raw: float
    status: int


def median_pair(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    fn()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--scale", default="city", choices=["city", "province"])
    args = parser.parse_args()

    database_url = setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dxpilot.accounts.models import User
    from dxpilot.demo.world import build_world
    from dxpilot.enterprises.models import Enterprise

    settings.ALLOWED_HOSTS = ["*"]
    header(
        f"dashboard: small vs {args.scale} scale ({args.requests} requests, median)", database_url
    )
    program = load_hefei()
    build_world(program, "small")
    clients: dict[str, Client] = {}

    def client(username: str) -> Client:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        return clients[username]

    def raw_sql(statements: list[str]) -> float:
        raw = connection.connection

        def replay() -> None:
            for sql in statements:
                raw.execute(sql).fetchall()

        return median_pair(replay, args.requests)[1]  # CPU, like the page's `cpu`

    def measure(probe: Probe) -> Result:
        c = client(probe.username)
        wall, cpu = median_pair(lambda: c.get(probe.path), args.requests)
        with CaptureQueriesContext(connection) as captured:
            response = c.get(probe.path)
        statements = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
        return Result(len(captured), wall, cpu, raw_sql(statements), response.status_code)

    def set_indexes(present: bool) -> None:
        with connection.cursor() as cursor:
            for name, definition in INDEXES.items():
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
                if present:
                    cursor.execute(f'CREATE INDEX "{name}" {definition}')
            cursor.execute("ANALYZE")

    small_count = Enterprise.objects.count()
    small = {p: measure(p) for p in probes()}
    generate, _ = timed(lambda: build_world(program, args.scale))
    large_count = Enterprise.objects.count()
    set_indexes(False)
    before = {p: measure(p) for p in probes() if p.path == "/" or "figures" in p.path}
    set_indexes(True)
    after = {p: measure(p) for p in probes()}

    print(f"   small world: {small_count:,} enterprises; {args.scale} world: {large_count:,} "
          f"(generated on top in {generate:.1f}s)")  # fmt: skip
    print("   ms = median wall; cpu = median process CPU (ms); raw = CPU of the page's own SELECTs "
          "replayed on the bare connection; x raw = cpu ÷ raw")  # fmt: skip
    print()
    rows, grows = [], []
    for p in probes():
        s, a = small[p], after[p]
        b = before.get(p)
        flag = "GROWS" if s.queries != a.queries else ""
        if flag:
            grows.append(p.label)
        if s.status != 200 or a.status != 200:
            flag = f"{flag} HTTP {s.status}/{a.status}".strip()
        rows.append([
            p.label, s.queries, a.queries, f"{s.cpu * 1000:.0f}",
            f"{b.cpu * 1000:.0f}" if b else "", f"{a.cpu * 1000:.0f}", f"{a.wall * 1000:.0f}",
            f"{a.raw * 1000:.0f}", f"{a.cpu / a.raw:.2f}" if a.raw else "", flag,
        ])  # fmt: skip
    print(table(
        ["page", "q small", f"q {args.scale}", "cpu small", "cpu before", "cpu after",
         "ms after", "raw cpu", "x raw", "flag"],
        rows,
    ))  # fmt: skip
    print()
    print(f"GROWS: {', '.join(grows)}" if grows else "Every page costs the same number of queries.")


if __name__ == "__main__":
    main()
