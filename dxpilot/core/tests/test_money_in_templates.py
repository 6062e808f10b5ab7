"""Every amount a template shows goes through the one money formatter (issue 12).

132800.00 on one page and 132,800.00 on the next read as two different numbers: templates write
amounts with ``|money`` (core/money.py), never floatformat or intcomma."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AMOUNT = re.compile(r"(amount|price|total|cap|invoiced|paid|eligible|excluded|scheduled|remaining"
                    r"|enterprise_min|public_max|enterprise_part|investment|revenue)[\w.]*\|(floatformat|intcomma)")  # fmt: skip


# Counts of enterprises (row.total, counts.total) are not amounts.
COUNTS = re.compile(r"\b(row|counts|total)\.\w+\|intcomma")


def test_no_template_formats_an_amount_by_hand() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in ROOT.rglob("templates/**/*.html")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if AMOUNT.search(COUNTS.sub("", line))
    ]
    assert not offenders


def test_the_plan_price_column_keeps_its_unit() -> None:
    for name in ("project_plan.html", "plan_body.html"):
        source = (ROOT / "projects/templates/projects/partials" / name).read_text()
        assert "price|money }} {{" in source and "price_unit" in source, name


def test_the_stage_share_is_a_percentage() -> None:
    source = (ROOT / "funding/templates/funding/disbursement_detail.html").read_text()
    assert "share=stage.share|percent" in source
