"""On-site changes read as option texts joined with 、, not as stored keys (issue 12)."""

from __future__ import annotations

from dxpilot.assessment import engine, services
from dxpilot.assessment.tests.test_assessment_flow import onsite
from dxpilot.testing import World, client_for


def test_the_onsite_page_and_the_report_show_option_texts(world: World) -> None:
    assessment = onsite(world)
    services.set_onsite_value(
        assessment.pk,
        actor=world.assessor,
        item="B1.1",
        value=["B", "C", "D"],
        reason="现场核实增加一项",
    )
    question = engine.load_indicator_set(assessment.edition).question_by_code["B1.1"]
    before = "、".join(f"{k}. {question.option(k).text}" for k in ("B", "C"))
    after = "、".join(f"{k}. {question.option(k).text}" for k in ("B", "C", "D"))
    client = client_for(world.assessor)
    page = client.get(f"/assessment/{assessment.pk}/onsite/").content.decode()
    assert "['B', 'C']" not in page
    assert f"{before} → {after}" in page
    report = client.get(f"/assessment/{assessment.pk}/report/")
    if report.status_code == 200:
        text = report.content.decode()
        assert "['B', 'C']" not in text
        assert after in text
