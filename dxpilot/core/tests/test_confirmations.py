"""Reject, lock and pay ask for confirmation before they submit (issue 12).

The question is a data-confirm attribute on the button, asked by the static core/confirm.js that
the base template loads (no inline scripts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from dxpilot.assessment.tests.test_assessment_flow import onsite
from dxpilot.testing import World, client_for

ROOT = Path(__file__).resolve().parents[2]

# (template, a marker of the irreversible button)
IRREVERSIBLE = [
    ("enterprises/templates/enterprises/partials/application_actions.html", '"不通过"'),
    ("providers/templates/providers/review.html", 'value="reject"'),
    ("assessment/templates/assessment/onsite.html", '"锁定结果"'),
    ("funding/templates/funding/disbursement_detail.html", 'id="pay-batch"'),
    ("funding/templates/funding/partials/acceptance_actions.html", '"作出决定"'),
]


@pytest.mark.parametrize(("template", "marker"), IRREVERSIBLE)
def test_the_irreversible_button_asks_first(template: str, marker: str) -> None:
    source = (ROOT / template).read_text()
    buttons = [b for b in re.findall(r"<button[^>]*>.*?</button>", source, re.S) if marker in b]
    assert buttons, marker
    assert all("data-confirm=" in b for b in buttons)


def test_the_base_template_loads_the_confirmation_script() -> None:
    assert finders.find("core/confirm.js")
    assert "core/confirm.js" in (ROOT / "templates/base.html").read_text()


def test_the_lock_button_on_the_onsite_page_carries_the_question(world: World) -> None:
    assessment = onsite(world)
    page = client_for(world.assessor).get(f"/assessment/{assessment.pk}/onsite/")
    assert page.status_code == 200
    button = re.search(
        r"<button[^>]*data-confirm=\"([^\"]+)\"[^>]*>锁定结果", page.content.decode()
    )
    assert button and "锁定后不能再修改" in button.group(1)
