"""Excel import of a 技改项目清单 (technical-upgrade projects), against bare openpyxl reading.

    DXPILOT_DEBUG=true .venv/bin/python benchmarks/bench_upgrade_import.py [--rows 5000] [--repeat 3]

--rows / 5 demo enterprises are created, and a workbook of --rows projects (five per enterprise,
every equipment-update direction and status, amounts and dates that pass the rules) is written.
On the same file: the bare openpyxl read, the importer's full check (no writes), the whole
import (bulk insert, one audit entry per project under one chain lock, the report), and the
same file again (every row found by credit code and name, unchanged). Timings are printed,
never asserted (as bench_import.py, whose helpers this reuses).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import header, load_hefei, setup_django, table, timed
from bench_import import bare_read, clocked, median_pair

PER_ENTERPRISE = 5
DIRECTIONS = ("数字化转型", "智能化升级", "节能降碳", "超低排放", "安全生产", "其他设备更新")


def write_workbook(path: Path, codes: list[str], rows: int) -> None:
    import xlsxwriter

    headers = ["统一社会信用代码", "项目名称", "总投资（万元）", "设备投资（万元）", "设备更新方向",
               "项目状态", "开工日期", "完工日期"]  # fmt: skip
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("技改项目")
    sheet.write_row(0, 0, headers)
    for n in range(rows):
        completed = n % 3 == 0
        sheet.write_row(n + 1, 0, [
            codes[n // PER_ENTERPRISE % len(codes)], f"技改项目{n % PER_ENTERPRISE + 1}号",
            1000 + n % 700, 400 + n % 300, DIRECTIONS[n % len(DIRECTIONS)],
            "已完工" if completed else "在建", "2024-03-01", "2024-12-20" if completed else "2030-06-30",
        ])  # fmt: skip
    workbook.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    database_url = setup_django()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dxpilot.accounts.models import Role
    from dxpilot.accounts.services import create_user
    from dxpilot.enterprises.models import Enterprise
    from dxpilot.exchange.importers.upgrades import UpgradeImporter
    from dxpilot.exchange.models import ImportJob
    from dxpilot.exchange.services import start_import
    from dxpilot.testing import add_enterprises

    header(f"Excel import of {args.rows} 技改 rows vs bare openpyxl read-only", database_url)
    work = Path(tempfile.mkdtemp(prefix="dxpilot-bench-upgrades-"))
    settings.MEDIA_ROOT = work / "media"
    settings.DXPILOT_IMPORT_INLINE_BYTES = 1 << 40  # run in this process, not on a worker
    settings.DXPILOT_IMPORT_MAX_ROWS = max(settings.DXPILOT_IMPORT_MAX_ROWS, args.rows)
    program = load_hefei()
    admin = create_user(actor=None, username="bench-admin", password="Bench-password-2024",  # noqa: S106
                        role=Role.CITY_ADMIN)  # fmt: skip
    add_enterprises(program, max(1, args.rows // PER_ENTERPRISE), seed=7)
    codes = list(Enterprise.objects.order_by("pk").values_list("credit_code", flat=True))
    path = work / "upgrades.xlsx"
    seconds, _ = timed(lambda: write_workbook(path, codes, args.rows))
    print(f"   workbook: {args.rows} rows for {len(codes)} enterprises in {seconds:.2f} s")

    samples: dict[str, list[tuple[float, float]]] = {"baseline": [], "check": []}
    for _ in range(args.repeat):
        samples["baseline"].append(clocked(lambda: bare_read(path)))
        samples["check"].append(
            clocked(lambda: UpgradeImporter(program, admin).check_file(path, max_rows=args.rows))
        )
    baseline, check = median_pair(samples["baseline"]), median_pair(samples["check"])
    result = UpgradeImporter(program, admin).check_file(path, max_rows=args.rows)
    if result.error_count:
        sys.exit(f"The generated file does not validate: {result.rows[0].errors}")

    def run_import() -> Any:
        upload = SimpleUploadedFile("u.xlsx", path.read_bytes())
        return start_import(program, "upgrades", upload, actor=admin)

    first = clocked(run_import)
    first_job = ImportJob.objects.latest("pk")
    again = clocked(run_import)
    again_job = ImportJob.objects.latest("pk")

    def line(name: str, measured: tuple[float, float]) -> list[Any]:
        wall, cpu = measured
        return [name, f"{wall:.2f}", f"{cpu:.2f}", f"{args.rows / wall:,.0f}",
                f"{wall / baseline[0]:.2f}x", f"{cpu / baseline[1]:.2f}x"]  # fmt: skip

    print()
    print(table(
        ["step", "wall s", "cpu s", "rows/s", "vs baseline (wall)", "vs baseline (cpu)"],
        [
            line("baseline: openpyxl read-only, values only", baseline),
            line("check: full validation, no writes", check),
            line(f"import: check + {first_job.created_count} new + audit + report", first),
            line(f"again: same file, {again_job.unchanged_count} unchanged", again),
        ],
    ))  # fmt: skip


if __name__ == "__main__":
    main()
