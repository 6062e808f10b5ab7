"""manage.py national_export: arguments checked first (Chinese, non-zero exit, nothing written);
a good run makes a numbered submission and writes its file."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dxpilot.audit.models import AuditEntry
from dxpilot.national.models import Submission
from dxpilot.national.tests.helpers import pilot
from dxpilot.testing import World


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("national_export", *args)
    return str(caught.value)


def test_bad_arguments_are_refused_and_nothing_is_written(world: World, tmp_path: Path) -> None:
    pilot(world)
    before = (Submission.objects.count(), AuditEntry.objects.count())
    message = refused("--format", "csv")
    assert "--format 应为 json 或 xlsx（收到“csv”）。" in message
    assert "请用 --out 指定输出文件。" in message
    assert "--out 指向的是一个目录" in refused("--format", "json", "--out", str(tmp_path))
    assert "输出文件所在的目录不存在" in refused(
        "--format", "json", "--out", str(tmp_path / "no" / "x.json")
    )
    assert "输出文件的扩展名应为 .xlsx（收到“x.json”）。" in refused(
        "--format", "xlsx", "--out", str(tmp_path / "x.json")
    )
    assert "没有名为“nobody”的有效用户。" in refused(
        "--format", "json", "--out", str(tmp_path / "x.json"), "--user", "nobody"
    )
    assert "只有市级管理员可以生成国家平台报送。" in refused(
        "--format", "json", "--out", str(tmp_path / "x.json"), "--user", world.officer_a.username
    )
    assert (Submission.objects.count(), AuditEntry.objects.count()) == before
    assert list(tmp_path.iterdir()) == []


def test_the_command_exits_non_zero(world: World, tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "manage.py", "national_export", "--format", "pdf", "--out", "x.pdf"],
        capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parents[3],
        env={**__import__("os").environ, "DXPILOT_DEBUG": "true"},
    )  # fmt: skip
    assert done.returncode != 0
    assert "--format 应为 json 或 xlsx（收到“pdf”）。" in done.stderr


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_a_run_makes_a_submission_and_writes_it(world: World, tmp_path: Path, fmt: str) -> None:
    a = pilot(world)
    out = tmp_path / f"national.{fmt}"
    call_command("national_export", "--format", fmt, "--out", str(out), "--user", "alice")
    submission = Submission.objects.get()
    assert submission.created_by == world.city_admin
    if fmt == "json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert [r["record"]["creditCode"] for r in data["records"]] == [a.credit_code]
    else:
        rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
        assert rows[2][2] == a.credit_code
    assert AuditEntry.objects.filter(action="national.download").get().changes["format"] == fmt
    call_command("national_export", "--format", fmt, "--out", str(out))
    assert Submission.objects.get(number=2).created_by is None
