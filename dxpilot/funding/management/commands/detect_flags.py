"""Run the fraud and anomaly detectors over every project and raise the new flags (once each)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dxpilot.funding.detectors import DETECTORS
from dxpilot.funding.models import FlagKind
from dxpilot.funding.services.flags import detect_all_flags


class Command(BaseCommand):
    help = "Run the fraud and anomaly detectors over all projects; each finding is raised once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            help=f"only these detectors (repeatable): {', '.join(DETECTORS)}",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = options.get("kinds") or None
        unknown = [k for k in kinds or [] if k not in DETECTORS]
        if unknown:
            raise CommandError(
                f"unknown detector(s): {', '.join(unknown)}; choose from {', '.join(DETECTORS)}"
            )
        counts = detect_all_flags(kinds)
        labels = dict(FlagKind.choices)
        for kind in kinds or DETECTORS:
            self.stdout.write(f"{kind} ({labels[kind]}): {counts.get(kind, 0)} new")
        self.stdout.write(f"{sum(counts.values())} new flag(s) raised.")
