from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dxpilot.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a snapshot written by `backup`: every SHA-256 is verified first; an installation "
        "that already holds data is refused unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", required=True, type=Path, help="snapshot")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that already holds data"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore(options["source"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not report.audit_ok:
            raise CommandError(
                _("已恢复，但审计链校验失败：{reason}（此前 {count} 条校验通过）。").format(
                    reason=report.audit_reason, count=report.audit_entries
                )
            )
        self.stdout.write(
            _("已恢复数据库和 {files} 个文件；审计链完整（{count} 条）。").format(
                files=report.files, count=report.audit_entries
            )
        )
