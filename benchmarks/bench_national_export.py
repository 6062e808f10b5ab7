"""National submission at demo scale: seconds and peak memory of a submission and of its JSON
and .xlsx files, against a baseline measured in the same run, at two sizes to show memory stays
flat.

    DXPILOT_DEBUG=true .venv/bin/python benchmarks/bench_national_export.py [--scales city,province]

The demo worlds of `--scales` are generated one on top of the other (default city, then
province: the largest the demo fixtures support). After each, four measurements run, each in
a fresh subprocess so its peak RSS (VmHWM) is its own:

- baseline: the pilot enterprises' registry rows read with one plain `values_list().iterator()`
  and written as JSON lines — the floor for reading and writing this population;
- submit:   `national.services.create_submission` as the city admin (records built per chunk of
  1,000 enterprises with a constant number of queries each, compared with the previous
  submission, stored with their hashes, audited);
- json:     the submission's JSON file written from its stored records;
- xlsx:     the same as .xlsx (XlsxWriter constant-memory mode).

A first submission is made before measuring, so `submit` compares with a previous one as it
does in use. "growth" is peak RSS minus the RSS before the work. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, header, load_hefei, setup_django, table, timed

HERE = Path(__file__).resolve()


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def rss_kb() -> int:
    return _status_kb("VmRSS")


def peak_kb() -> int:
    return _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# --- children ----------------------------------------------------------------------------------
def child(mode: str, username: str, out: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dxpilot.accounts.models import User
    from dxpilot.national import services, writers
    from dxpilot.national.models import Submission
    from dxpilot.national.records import pilot_enterprises
    from dxpilot.programs.selectors import current_program

    program = current_program()
    assert program is not None
    user = User.objects.get(username=username)
    latest = Submission.objects.filter(program=program).order_by("-number").first()
    before = rss_kb()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        if mode == "baseline":
            rows = 0
            columns = (
                "credit_code", "name", "division__code", "division__name", "industry__code",
                "segment__name", "nature", "size_class", "above_scale", "srdi_tier", "level",
            )  # fmt: skip
            with open(out, "w", encoding="utf-8") as f:
                for row in pilot_enterprises(program).values_list(*columns).iterator(2000):
                    f.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                    rows += 1
        elif mode == "submit":
            submission = services.create_submission(program, actor=user)
            rows = submission.records_count
        else:
            assert latest is not None
            rows = writers.write_file(latest, mode, out)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows": rows,
        "queries": len(queries),
        "before": before,
        "peak": peak_kb(),
        "bytes": os.path.getsize(out) if mode not in ("submit",) else 0,
    }


def run_child(*args: str) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - this very script
        [sys.executable, str(HERE), "--child", *args],
        env={**os.environ},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"child {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --- parent ------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scales",
        default="city,province",
        help="demo scales generated one on top of the other, measured after each",
    )
    parser.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        sys.path.insert(0, str(REPO))  # the child skips setup_django: same database, no migrate
        print(json.dumps(child(*args.child)))
        return

    database_url = setup_django()
    from django.test.utils import CaptureQueriesContext  # noqa: F401 - imported for the child

    from dxpilot.accounts.models import User
    from dxpilot.demo.world import build_world
    from dxpilot.national import services
    from dxpilot.national.records import pilot_enterprises

    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    header(f"national submission at demo scales {' + '.join(scales)}", database_url)
    program = load_hefei()
    work = Path(tempfile.mkdtemp(prefix="dxpilot-bench-national-"))
    results: list[list[Any]] = []
    growth: dict[str, list[int]] = {}
    pilots: list[int] = []
    for n, scale in enumerate(scales):
        # A seed per step: the same scale twice adds new enterprises instead of the same codes.
        seconds, _counts = timed(lambda s=scale, k=n: build_world(program, s, seed=2024 + k))
        admin = User.objects.get(username="demo-city")
        count = pilot_enterprises(program).count()
        pilots.append(count)
        print(
            f"   {scale} world generated in {seconds:.0f} s: {count:,} pilot enterprises",
            flush=True,
        )
        if n == 0:
            services.create_submission(program, actor=admin)  # so `submit` has a previous one
        measured = {
            "baseline": run_child("baseline", admin.username, str(work / f"base-{scale}.jsonl")),
            "submit": run_child("submit", admin.username, str(work / "none")),
            "json": run_child("json", admin.username, str(work / f"n-{scale}.json")),
            "xlsx": run_child("xlsx", admin.username, str(work / f"n-{scale}.xlsx")),
        }
        base = measured["baseline"]["seconds"]
        for name, m in measured.items():
            grown = m["peak"] - m["before"]
            growth.setdefault(name, []).append(grown)
            results.append(
                [f"{name} @ {count:,}", f"{m['seconds']:.2f}", f"{m['seconds'] / base:.1f}x",
                 m["queries"], f"{m['peak'] / 1024:.0f}", f"{grown / 1024:.1f}"]
            )  # fmt: skip
            print(f"   {name}: {m['seconds']:.2f} s, peak {m['peak'] / 1024:.0f} MB", flush=True)
    print()
    print(table(["run", "seconds", "vs baseline", "queries", "peak RSS MB", "growth MB"], results))
    print()
    if len(pilots) > 1:
        scale_ratio = pilots[-1] / pilots[0] if pilots[0] else float("nan")
        for name, values in growth.items():
            ratio = values[-1] / values[0] if values[0] > 0 else float("nan")
            print(f"   {name}: memory growth x{ratio:.2f} for x{scale_ratio:.0f} the records")


if __name__ == "__main__":
    main()
