from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dxpilot.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database and the stored files, with a manifest of "
        "SHA-256 sums, into a new or empty directory."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="new or empty directory")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        try:
            manifest = backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = sum(int(item["size"]) for item in manifest["files"])
        self.stdout.write(
            _("已备份到 {dir}：数据库（{kind}）和 {count} 个文件，共 {mb} MB。").format(
                dir=out,
                kind=manifest["database"]["kind"],
                count=len(manifest["files"]) - 1,
                mb=round(size / 1048576, 1),
            )
        )
