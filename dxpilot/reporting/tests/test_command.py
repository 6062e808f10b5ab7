"""`manage.py circular --period … --out FILE.docx`: good and bad input."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from dxpilot.reporting.models import Circular
from dxpilot.reporting.tests.factories import AFTER_Q3, issued
from dxpilot.testing import World


def test_it_writes_the_circular_of_a_period(clock: Any, world: World, tmp_path: Path) -> None:
    clock.move_to(AFTER_Q3)
    out, annex, stdout = tmp_path / "q2.docx", tmp_path / "q2.xlsx", StringIO()
    call_command(
        "circular", "--period", "2025-Q2", "--out", str(out), "--xlsx", str(annex), stdout=stdout
    )
    document = Document(str(out))
    assert "关于2025年第二季度合肥市中小企业数字化转型城市试点工作进展情况的通报" in [
        p.text for p in document.paragraphs
    ]
    assert annex.stat().st_size > 0
    assert f"已写入 {out}（2025年第二季度，草稿" in stdout.getvalue()
    circular = Circular.objects.get()
    assert (circular.period, circular.generated_by) == ("2025-Q2", None)


def test_an_issued_circular_is_written_from_its_stored_file(
    clock: Any, world: World, tmp_path: Path
) -> None:
    circular = issued(world, clock, "2025-Q3")
    out = tmp_path / "q3.docx"
    call_command("circular", "--period", "2025-Q3", "--out", str(out), stdout=StringIO())
    with circular.docx.open("rb") as handle:
        assert out.read_bytes() == handle.read()


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025-Q5", "“2025-Q5”不是有效的季度：季度应为 Q1 到 Q4。"),
        ("2025-14", "“2025-14”不是有效的月份：月份应为 01 到 12。"),
        ("2025-Q4", "2025年第四季度尚未结束（截至 2025-12-31），结束后才能生成通报。"),
    ],
)
def test_a_bad_period_exits_non_zero_with_the_reason(
    clock: Any, world: World, tmp_path: Path, period: str, message: str
) -> None:
    clock.move_to(AFTER_Q3)
    out = tmp_path / "bad.docx"
    with pytest.raises(CommandError) as exc:
        call_command("circular", "--period", period, "--out", str(out), stdout=StringIO())
    assert str(exc.value) == message
    assert not out.exists() and not Circular.objects.exists()


def test_a_bad_output_path_is_refused(clock: Any, world: World, tmp_path: Path) -> None:
    clock.move_to(AFTER_Q3)
    with pytest.raises(CommandError) as exc:
        call_command(
            "circular", "--period", "2025-Q2", "--out", str(tmp_path / "x.pdf"), stdout=StringIO()
        )
    assert str(exc.value) == f"输出文件应以 .docx 结尾：{tmp_path / 'x.pdf'}"
