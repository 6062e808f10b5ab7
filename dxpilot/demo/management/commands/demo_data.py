from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dxpilot.accounts.selectors import demo_logins
from dxpilot.demo.world import SCALES, build_world, describe
from dxpilot.enterprises.models import Enterprise
from dxpilot.programs.selectors import current_program


class Command(BaseCommand):
    help = "Create a consistent demo world for the current programme. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the programme already has enterprises (used by `make run`)",
        )
        parser.add_argument(
            "--print-logins", action="store_true", help="list one demo login per role afterwards"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        program = current_program()
        if program is None:
            raise CommandError(
                "No programme is loaded. Run: python manage.py load_program programs/hefei.yaml"
            )
        if options["if_empty"] and Enterprise.objects.filter(program=program).exists():
            self.stdout.write(f"Programme {program.key} already has data: no demo data added.")
        else:
            started = time.perf_counter()
            counts = build_world(program, options["scale"], seed=options["seed"])
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"Demo data ({options['scale']}) for {program.key}: {describe(counts)} "
                f"in {elapsed:.1f}s"
            )
        if options["print_logins"]:
            self.print_logins()

    def print_logins(self) -> None:
        logins = demo_logins()
        if not logins:
            self.stdout.write("No demo accounts in this database.")
            return
        self.stdout.write(f"\nDemo logins (password for all: {logins[0]['password']}):")
        for login in logins:
            self.stdout.write(f"  {login['username']:<22} {login['role']}")
