from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dxpilot.programs.services import load_program
from dxpilot.programs.spec import ProgramSpecError


class Command(BaseCommand):
    help = "Load (or update) a programme from its YAML file. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="programme file, e.g. programs/hefei.yaml")
        parser.add_argument(
            "--no-activate", action="store_true", help="do not make it the current programme"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            program, counts = load_program(text, actor=None, activate=not options["no_activate"])
        except ProgramSpecError as exc:
            lines = "\n".join(f"  - {error}" for error in exc.errors)
            raise CommandError(
                f"{path} was refused ({len(exc.errors)} problems), nothing was written:\n{lines}"
            ) from exc
        self.stdout.write(
            f"Loaded programme {program.key} ({program.name}): "
            f"{counts['created']} rows created, {counts['updated']} updated."
        )
