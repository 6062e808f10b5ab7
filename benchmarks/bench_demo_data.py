"""Demo data generation rate at city scale, against a bare bulk_create of as many trivial rows.

    DXPILOT_DEBUG=true .venv/bin/python benchmarks/bench_demo_data.py [--scale city]

The baseline is the floor of what any generator could reach on this machine and database: the
same number of rows, each one short Chinese name in a one-column table created for the run,
inserted with bulk_create in batches of 2 000 inside one transaction (as the generator does).
The ratio says how many times longer the demo generator takes per enterprise than that floor:
its random but consistent values, encryption and blind indexes of contact data, password
hashing, the users, providers and assessments built around the enterprises, and the audit
entry. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import header, load_hefei, median_seconds, setup_django, table, timed

BASELINE_REPEAT = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="city", choices=["small", "city", "province"])
    args = parser.parse_args()

    database_url = setup_django()
    from django.db import connection, models, transaction

    from dxpilot.demo import world as demo_world
    from dxpilot.enterprises.models import Enterprise

    header(f"demo data generation ({args.scale} scale) vs bare bulk_create", database_url)
    program = load_hefei()

    # --- the generator, step by step -------------------------------------------------------
    step_seconds: dict[str, float] = {}
    original_steps = list(demo_world.STEPS)

    def timed_step(step: demo_world.Step) -> demo_world.Step:
        def run(world: demo_world.World) -> None:
            started = time.perf_counter()
            step(world)
            step_seconds[step.__name__] = time.perf_counter() - started

        run.__name__ = step.__name__
        return run

    demo_world.STEPS[:] = [timed_step(s) for s in original_steps]
    try:
        total_seconds, counts = timed(lambda: demo_world.build_world(program, args.scale))
    finally:
        demo_world.STEPS[:] = original_steps
    enterprises = Enterprise.objects.filter(program=program).count()
    if enterprises == 0:
        sys.exit("The generator created no enterprises; nothing to compare.")

    # --- the baseline: the same number of trivial rows -------------------------------------
    class BaselineRow(models.Model):
        name = models.CharField(max_length=120)

        class Meta:
            app_label = "demo"
            db_table = "bench_baseline_row"
            managed = False

        def __str__(self) -> str:
            return self.name

    with connection.schema_editor() as editor:
        editor.create_model(BaselineRow)

    def bare_insert() -> None:
        BaselineRow.objects.all().delete()
        with transaction.atomic():
            rows = [
                BaselineRow(name=f"合肥市示例智能制造有限公司{n:06d}") for n in range(enterprises)
            ]
            for start in range(0, len(rows), demo_world.BATCH):
                BaselineRow.objects.bulk_create(rows[start : start + demo_world.BATCH])

    baseline_seconds = median_seconds(bare_insert, repeat=BASELINE_REPEAT)
    with connection.schema_editor() as editor:
        editor.delete_model(BaselineRow)

    # --- report ----------------------------------------------------------------------------
    demo_rate = enterprises / total_seconds
    baseline_rate = enterprises / baseline_seconds
    print()
    print(f"created: {demo_world.describe(counts)}")
    print()
    rows = [
        [
            f"demo_data --scale {args.scale} (whole world)",
            f"{total_seconds:.2f}",
            f"{demo_rate:,.0f}",
            f"{total_seconds / baseline_seconds:.1f}x",
        ],
        *[
            [
                f"  step {name}",
                f"{seconds:.2f}",
                f"{enterprises / seconds:,.0f}" if name == "create_enterprises" else "",
                f"{seconds / baseline_seconds:.1f}x",
            ]
            for name, seconds in step_seconds.items()
        ],
        [
            f"baseline: bulk_create {enterprises:,} one-column rows (median of {BASELINE_REPEAT})",
            f"{baseline_seconds:.3f}",
            f"{baseline_rate:,.0f}",
            "1.0x",
        ],
    ]
    print(table(["what", "seconds", "enterprises/s", "x baseline"], rows))
    print()
    print(
        f"Generating the {args.scale} world takes {total_seconds / baseline_seconds:.1f}x as long as bare-inserting "
        f"{enterprises:,} trivial rows; the enterprise step alone takes "
        f"{step_seconds.get('create_enterprises', 0) / baseline_seconds:.1f}x."
    )


if __name__ == "__main__":
    main()
