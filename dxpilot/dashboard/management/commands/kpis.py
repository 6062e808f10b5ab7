"""Print the programme's KPIs: every target with its value computed from data (`--json`: a list)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dxpilot.dashboard.kpis import kpi_row, programme_kpis_whole
from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program


class Command(BaseCommand):
    help = (
        "Print every target of the programme with its actual value computed from the data "
        "(whole programme; actual is null when no app provides the metric yet)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print a JSON list")
        parser.add_argument("--program", help="programme key (default: the current programme)")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options.get("program")
        program = Program.objects.filter(key=key).first() if key else current_program()
        if program is None:
            raise CommandError(f"no programme {key!r}" if key else "no programme is loaded")
        rows = [kpi_row(kpi) for kpi in programme_kpis_whole(program)]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['key']}: {_figure(row)}  ({row['name']})")


def _figure(row: dict[str, Any]) -> str:
    """`actual / target unit`, ratios as percentages; "—" without a data source."""
    if row["unit"] == "ratio":
        actual = "—" if row["actual"] is None else f"{row['actual'] * 100:.1f}%"
        return f"{actual} / {row['target'] * 100:.0f}%"
    actual = "—" if row["actual"] is None else f"{row['actual']:g}"
    return f"{actual} / {row['target']:g} {row['unit']}"
