"""Export of the whole enterprise list at province scale: time and peak memory, against raw
XlsxWriter writing the same rows, at two sizes to show that memory stays flat.

    DXPILOT_DEBUG=true .venv/bin/python benchmarks/bench_export.py [--sizes 50000,200000]

Enterprises are bulk-generated (the demo generator: encrypted contacts, blind indexes) up to each
size in turn. At each size three measurements run, each in a fresh subprocess so its peak RSS
(VmHWM, the kernel's maxrss for this process image) is its own:

- export: the platform's export job as the city admin starts it (scope query, decryption of the
  contact columns, masking rules, formula-injection guard, XlsxWriter constant-memory mode,
  file stored, audit entry);
- raw:    XlsxWriter constant-memory mode writing the very same rows (dumped once beforehand to a
  pickle stream the child reads row by row) — the floor for writing this file;
- naive:  XlsxWriter in its default mode writing the same rows, which keeps every cell in memory
  until close: the growth constant-memory mode avoids.

"growth" is peak RSS minus the RSS the child had before writing its first row. Timings and
memory are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
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
    # VmHWM is this process image's own high-water mark. getrusage's ru_maxrss would do on its
    # own, but a child started from a large parent inherits the parent's figure across exec.
    return _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# --- children ----------------------------------------------------------------------------------
def child_export(username: str, media: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings

    from dxpilot.accounts.models import User
    from dxpilot.exchange.services import start_export

    settings.MEDIA_ROOT = media
    settings.DXPILOT_EXPORT_INLINE_ROWS = 1 << 40  # run here, not on a worker
    user = User.objects.get(username=username)
    before = rss_kb()
    started = time.perf_counter()
    job = start_export("enterprises", actor=user, filters={})
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows": job.rows_done,
        "before": before,
        "peak": peak_kb(),
        "status": job.status,
    }


def child_raw(dump: str, out: str, constant_memory: bool) -> dict[str, Any]:
    import django
    import xlsxwriter

    django.setup()

    from dxpilot.exchange.exporters.enterprises import EnterpriseExporter

    before = rss_kb()
    started = time.perf_counter()
    workbook = xlsxwriter.Workbook(out, {"constant_memory": constant_memory})
    sheet = workbook.add_worksheet("企业名录")
    sheet.write_row(0, 0, [c.header for c in EnterpriseExporter.columns])
    rows = 0
    with open(dump, "rb") as f:
        while True:
            try:
                row = pickle.load(f)  # noqa: S301 - our own dump, written a moment ago
            except EOFError:
                break
            rows += 1
            sheet.write_row(rows, 0, row)
    workbook.close()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": rows, "before": before, "peak": peak_kb()}


def run_child(*args: str) -> dict[str, Any]:
    env = {**os.environ}
    done = subprocess.run(  # noqa: S603 - this very script
        [sys.executable, str(HERE), "--child", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"child {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --- parent ------------------------------------------------------------------------------------
def dump_rows(path: Path) -> int:
    """The rows the export writes (full contacts, as for the city admin), one pickle each."""
    from dxpilot.enterprises.models import Enterprise
    from dxpilot.exchange.exporters.enterprises import EnterpriseExporter

    exporter = EnterpriseExporter()
    count = 0
    with path.open("wb") as f:
        for row in exporter.rows(Enterprise.objects.order_by("name", "pk"), masked=False):
            pickle.dump(tuple(float(v) if hasattr(v, "as_tuple") else v for v in row), f)
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50000,200000", help="comma-separated enterprise counts")
    parser.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        sys.path.insert(0, str(REPO))  # the child skips setup_django: same database, no migrate
        mode, *rest = args.child
        if mode == "export":
            result = child_export(*rest)
        else:
            result = child_raw(rest[0], rest[1], constant_memory=mode == "raw")
        print(json.dumps(result))
        return

    database_url = setup_django()
    from dxpilot.accounts.models import Role
    from dxpilot.accounts.services import create_user
    from dxpilot.enterprises.models import Enterprise
    from dxpilot.testing import add_enterprises

    sizes = sorted(int(s) for s in args.sizes.split(","))
    header(
        f"export of all enterprises at {', '.join(f'{s:,}' for s in sizes)} rows vs raw XlsxWriter",
        database_url,
    )
    program = load_hefei()
    secret = "Bench-password-2024"  # noqa: S105 - a throwaway database
    create_user(actor=None, username="bench-city", password=secret, role=Role.CITY_ADMIN)
    work = Path(tempfile.mkdtemp(prefix="dxpilot-bench-export-"))
    results: list[list[Any]] = []
    growth: dict[str, list[int]] = {"export": [], "raw": [], "naive": []}
    for size in sizes:
        missing = size - Enterprise.objects.count()
        seconds, _ = timed(lambda n=missing, seed=size: add_enterprises(program, n, seed=seed))
        count = Enterprise.objects.count()
        print(
            f"   generated {missing:,} enterprises in {seconds:.0f} s (now {count:,})", flush=True
        )
        dump = work / f"rows-{size}.pickle"
        dump_rows(dump)
        measured = {
            "export": run_child("export", "bench-city", str(work / "media")),
            "raw": run_child("raw", str(dump), str(work / f"raw-{size}.xlsx")),
            "naive": run_child("naive", str(dump), str(work / f"naive-{size}.xlsx")),
        }
        raw_seconds = measured["raw"]["seconds"]
        for name, m in measured.items():
            grown = m["peak"] - m["before"]
            growth[name].append(grown)
            results.append(
                [f"{name} @ {count:,}", f"{m['seconds']:.1f}", f"{m['rows'] / m['seconds']:,.0f}",
                 f"{m['seconds'] / raw_seconds:.2f}x", f"{m['peak'] / 1024:.0f}", f"{grown / 1024:.0f}"]
            )  # fmt: skip
            print(f"   {name}: {m['seconds']:.1f} s, peak {m['peak'] / 1024:.0f} MB", flush=True)
        dump.unlink()
    print()
    print(table(["run", "seconds", "rows/s", "vs raw", "peak RSS MB", "growth MB"], results))
    print()
    if len(sizes) > 1:
        scale = sizes[-1] / sizes[0]
        for name, values in growth.items():
            ratio = values[-1] / values[0] if values[0] > 0 else float("nan")
            print(f"   {name}: memory growth x{ratio:.2f} for x{scale:.0f} the rows")


if __name__ == "__main__":
    main()
