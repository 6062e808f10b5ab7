from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dxpilot.assessment import engine
from dxpilot.assessment.render import render_result


class Command(BaseCommand):
    help = "Score an answer sheet (DESIGN §5) and print the score result JSON. Nothing is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("sheet", help="answer sheet JSON file, or - for standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["sheet"]
        try:
            text = self.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")  # type: ignore[attr-defined]
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {source}: {exc}") from exc
        try:
            result = engine.score_json(text)
        except engine.SheetError as exc:
            lines = "\n".join(f"  - {issue.field}: {issue.message}" for issue in exc.errors)
            raise CommandError(
                f"{source}: {len(exc.errors)} problem(s), nothing scored:\n{lines}"
            ) from exc
        rendered = render_result(result.to_dict())
        self.stdout.write(json.dumps(rendered, ensure_ascii=False, indent=2))
