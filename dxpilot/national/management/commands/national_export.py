"""manage.py national_export --format json|xlsx --out FILE [--user USERNAME]: make a new
numbered submission to the national platform and write its file.

Arguments are checked before anything is written; a refusal is said in Chinese and the command
exits non-zero. Without --user the server's operator acts (audited as the system); with it, the
user must be an active city admin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from dxpilot.accounts.models import User
from dxpilot.national import services, writers
from dxpilot.national.mapping import load_mapping
from dxpilot.programs.selectors import current_program


class Command(BaseCommand):
    help = "Make a new submission to the national platform and write it as JSON or .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", dest="fmt", default="", help="json or xlsx")
        parser.add_argument("--out", default="", help="the file to write")
        parser.add_argument("--user", default="", help="the city admin acting (default: system)")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt, out, username = options["fmt"], options["out"], options["user"]
        problems = []
        if fmt not in services.FORMATS:
            problems.append(_("--format 应为 json 或 xlsx（收到“{value}”）。").format(value=fmt))
        path = Path(out) if out else None
        if path is None:
            problems.append(_("请用 --out 指定输出文件。"))
        elif path.is_dir():
            problems.append(_("--out 指向的是一个目录：{path}。").format(path=path))
        elif not path.parent.exists():
            problems.append(_("输出文件所在的目录不存在：{path}。").format(path=path.parent))
        elif fmt in services.FORMATS and path.suffix.lower() != f".{fmt}":
            problems.append(
                _("输出文件的扩展名应为 .{fmt}（收到“{name}”）。").format(fmt=fmt, name=path.name)
            )
        if problems:  # the arguments' shape first: nothing is read from the database
            raise CommandError("\n".join(problems))
        actor = None
        if username:
            actor = User.objects.filter(username=username, is_active=True).first()
            if actor is None:
                problems.append(_("没有名为“{user}”的有效用户。").format(user=username))
        program = current_program()
        if program is None:
            problems.append(_("尚未加载试点方案。"))
        try:
            mapping = load_mapping()
        except ValidationError as exc:
            problems.extend(exc.messages)
        if problems:
            raise CommandError("\n".join(problems))
        assert path is not None and program is not None  # noqa: S101 - checked above
        try:
            with transaction.atomic():
                submission = services.create_submission(program, actor=actor, mapping=mapping)
                count = writers.write_file(submission, fmt, path)
                services.record_download(submission, fmt, actor=actor)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        except OSError as exc:
            raise CommandError(
                _("无法写入 {path}：{error}").format(path=path, error=exc.strerror)
            ) from exc
        summary = _(
            "第 {number} 次报送：{records} 条记录（新增 {added}，变更 {changed}，"
            "重新报送 {resubmitted}，撤回 {withdrawn}），已写入 {path}。"
        )
        self.stdout.write(
            summary.format(
                number=submission.number,
                records=count - submission.withdrawn_count,
                added=submission.added_count,
                changed=submission.changed_count,
                resubmitted=submission.resubmitted_count,
                withdrawn=submission.withdrawn_count,
                path=path,
            )
        )
