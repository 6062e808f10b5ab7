from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dxpilot.demo.world import SCALES, build_world, describe
from dxpilot.programs.selectors import current_program


class Command(BaseCommand):
    help = "Create a consistent demo world for the current programme. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args: Any, **options: Any) -> None:
        program = current_program()
        if program is None:
            raise CommandError(
                "No programme is loaded. Run: python manage.py load_program programs/hefei.yaml"
            )
        started = time.perf_counter()
        counts = build_world(program, options["scale"], seed=options["seed"])
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Demo data ({options['scale']}) for {program.key}: {describe(counts)} in {elapsed:.1f}s"
        )
