"""Excel import of an enterprise list, against bare openpyxl reading of the same file.

    DXPILOT_DEBUG=true .venv/bin/python benchmarks/bench_import.py [--rows 10000] [--repeat 3]

A workbook of --rows generated enterprises (valid credit codes, every Hefei division, the
programme's industries and 细分行业, contacts, dates) is written once. Then, on the same file:

- baseline: openpyxl read-only, `iter_rows(values_only=True)` over every row, nothing else;
- check:    the importer's full validation (header by name, merged cells, formulas, every cell
            parsed, duplicates in the file, resolve_enterprise_data and the scope rule per row),
            no writes — the figure the issue's "at most 3x" target is about;
- import:   the whole job as the page runs it: validation, one transaction writing every
            enterprise (encrypted contacts, blind indexes), one audit entry per enterprise,
            the report lines — all rows new;
- again:    the same file imported again: every row found by credit code, compared, unchanged.

Medians of --repeat interleaved runs for baseline and check; import and again run once (they
write). Wall and CPU time are both shown: CPU time is steadier on a shared machine.
Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import header, load_hefei, setup_django, table, timed


def write_workbook(path: Path, program: Any, rows: int) -> None:
    import xlsxwriter

    from dxpilot.demo import names
    from dxpilot.exchange.importers.enterprises import EnterpriseImporter
    from dxpilot.programs.models import Industry

    rng = random.Random(2024)
    districts = list(program.divisions.exclude(kind="zone"))
    zones = list(program.divisions.filter(kind="zone"))
    segments = list(program.segments.all())
    industries = list(Industry.objects.filter(code__regex=r"^[0-9]{4}$"))
    headers = [str(c.header) for c in EnterpriseImporter.columns]
    # Shared strings, as Excel and WPS write them (constant-memory mode would write inline strings,
    # which openpyxl reads several times more slowly).
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("企业名录")
    sheet.write_row(0, 0, headers)
    seen: set[str] = set()
    n = 0
    while n < rows:
        division = rng.choice(districts)
        code = names.credit_code(rng, division.code)
        if code in seen:
            continue
        seen.add(code)
        n += 1
        industry = rng.choice(industries)
        employees = max(5, int(rng.lognormvariate(4.3, 0.9)))
        sheet.write_row(
            n, 0,
            [code, names.enterprise_name(rng, program.city, industry.code[:3]) + f"{n}", division.name,
             rng.choice(zones).name if rng.random() < 0.4 else "", industry.code, rng.choice(segments).name,
             rng.choice(["民营", "民营", "国有", "外资"]), rng.choice(["无", "无", "创新型中小企业"]),
             rng.choice(["是", "否"]), employees, round(employees * rng.uniform(25, 90), 2),
             f"20{rng.randint(0, 23):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
             f"{program.city}{division.name}{rng.randint(1, 999)}号", names.person_name(rng),
             names.mobile(rng), f"c{n}@example.cn", names.bank_account(rng)],
        )  # fmt: skip
    workbook.close()


def clocked(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def median_pair(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _c in samples), statistics.median(c for _w, c in samples)


def bare_read(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    count = sum(1 for _row in workbook.active.iter_rows(values_only=True))
    workbook.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    database_url = setup_django()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dxpilot.accounts.models import Role
    from dxpilot.accounts.services import create_user
    from dxpilot.exchange.importers.enterprises import EnterpriseImporter
    from dxpilot.exchange.models import ImportJob
    from dxpilot.exchange.services import start_import

    header(f"Excel import of {args.rows} enterprise rows vs bare openpyxl read-only", database_url)
    work = Path(tempfile.mkdtemp(prefix="dxpilot-bench-import-"))
    settings.MEDIA_ROOT = work / "media"
    settings.DXPILOT_IMPORT_INLINE_BYTES = 1 << 40  # run in this process, not on a worker
    settings.DXPILOT_IMPORT_MAX_ROWS = max(settings.DXPILOT_IMPORT_MAX_ROWS, args.rows)
    settings.DXPILOT_IMPORT_MAX_BYTES = 1 << 30
    program = load_hefei()
    admin = create_user(
        actor=None,
        username="bench-admin",
        password="Bench-password-2024",  # noqa: S106 - a throwaway database
        role=Role.CITY_ADMIN,
    )
    path = work / "enterprises.xlsx"
    seconds, _ = timed(lambda: write_workbook(path, program, args.rows))
    size = path.stat().st_size
    print(f"   workbook: {args.rows} rows, {size / 1024:.0f} KB, generated in {seconds:.2f} s")

    # Interleaved (baseline, check, baseline, check, ...) so a change in machine load hits both;
    # CPU time (this process, SQLite included) is reported beside wall time for the same reason.
    samples: dict[str, list[tuple[float, float]]] = {"baseline": [], "check": []}
    for _ in range(args.repeat):
        samples["baseline"].append(clocked(lambda: bare_read(path)))
        samples["check"].append(
            clocked(lambda: EnterpriseImporter(program, admin).check_file(path, max_rows=args.rows))
        )
    baseline, check = median_pair(samples["baseline"]), median_pair(samples["check"])
    result = EnterpriseImporter(program, admin).check_file(path, max_rows=args.rows)
    if result.error_count:
        sys.exit(f"The generated file does not validate: {result.rows[0].errors}")

    def run_import() -> Any:
        return start_import(
            program, "enterprises", SimpleUploadedFile("e.xlsx", path.read_bytes()), actor=admin
        )

    first = clocked(run_import)
    first_job = ImportJob.objects.latest("pk")
    again = clocked(run_import)
    again_job = ImportJob.objects.latest("pk")
    rows = args.rows

    def line(name: str, measured: tuple[float, float]) -> list[Any]:
        wall, cpu = measured
        return [
            name,
            f"{wall:.2f}",
            f"{cpu:.2f}",
            f"{rows / wall:,.0f}",
            f"{wall / baseline[0]:.2f}x",
            f"{cpu / baseline[1]:.2f}x",
        ]

    print()
    print(
        table(
            ["step", "wall s", "cpu s", "rows/s", "vs baseline (wall)", "vs baseline (cpu)"],
            [
                line("baseline: openpyxl read-only, values only", baseline),
                line("check: full validation, no writes", check),
                line(
                    f"import: check + write {first_job.created_count} new + audit + report", first
                ),
                line(f"again: same file, {again_job.unchanged_count} unchanged", again),
            ],
        )
    )
    print()
    print(
        f"   validation / bare read ratio: {check[0] / baseline[0]:.2f}x wall, {check[1] / baseline[1]:.2f}x cpu (target <= 3x)"
    )
    print(
        f"   whole import / bare read ratio: {first[0] / baseline[0]:.2f}x wall, {first[1] / baseline[1]:.2f}x cpu"
    )


if __name__ == "__main__":
    main()
