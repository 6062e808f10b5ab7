"""Generate the 定期通报 of a month or quarter and write its Word file (and, with --xlsx, its
Excel annex). The draft is stored (as when the city admin generates it); an issued circular is
never regenerated: its stored files are written instead. A bad period is refused with the
reason in Chinese and a non-zero exit, and nothing is written."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program
from dxpilot.reporting import docx, services, xlsx
from dxpilot.reporting.models import Circular
from dxpilot.reporting.periods import PeriodError, parse_period


class Command(BaseCommand):
    help = "Generate the circular of a period (2025-06 or 2025-Q2) and write it as .docx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", required=True, help="a month (2025-06) or quarter (2025-Q2)"
        )
        parser.add_argument("--out", required=True, help="the .docx file to write")
        parser.add_argument("--xlsx", help="also write the Excel annex to this file")
        parser.add_argument("--program", help="programme key (default: the current programme)")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(services.DOCUMENT_LANGUAGE):
            self._run(options)

    def _run(self, options: dict[str, Any]) -> None:
        key = options.get("program")
        program = Program.objects.filter(key=key).first() if key else current_program()
        if program is None:
            raise CommandError(_("尚未加载试点方案。"))
        out = Path(options["out"])
        if out.suffix.lower() != ".docx":
            raise CommandError(_("输出文件应以 .docx 结尾：{path}").format(path=out))
        if not out.parent.is_dir():
            raise CommandError(_("输出目录不存在：{path}").format(path=out.parent))
        started = time.perf_counter()
        circular = self._circular(program, options["period"])
        word, excel = self._files(circular, bool(options.get("xlsx")))
        out.write_bytes(word)
        if excel is not None:
            Path(options["xlsx"]).write_bytes(excel)
        self.stdout.write(
            _("已写入 {path}（{period}，{status}，用时 {seconds:.2f} 秒）。").format(
                path=out,
                period=parse_period(circular.period).label,
                status=circular.get_status_display(),
                seconds=time.perf_counter() - started,
            )
        )

    def _circular(self, program: Program, period: str) -> Circular:
        try:
            key = parse_period(period).key
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        issued = Circular.objects.filter(program=program, period=key, status="issued").first()
        if issued is not None:
            return issued
        try:
            return services.generate_circular(program, period=period, actor=None)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from None

    def _files(self, circular: Circular, with_excel: bool) -> tuple[bytes, bytes | None]:
        if circular.is_issued:
            with circular.docx.open("rb") as word:
                content = word.read()
            if not with_excel:
                return content, None
            with circular.xlsx.open("rb") as excel:
                return content, excel.read()
        return docx.circular_docx(circular), xlsx.circular_xlsx(circular) if with_excel else None
