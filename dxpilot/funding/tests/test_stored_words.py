"""The funding half stores figures and renders words: a whole case from acceptance to payment
reads in English for an English reader, and the rows written before the rule (words only) are
read back into the same figures by the data migrations (and written back as words)."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django.apps import apps
from django.utils import translation

from dxpilot.core.phrases import render
from dxpilot.funding.models import Flag, Subsidy
from dxpilot.funding.services.disbursement import (
    add_to_batch,
    approve_batch,
    create_batch,
    pay_batch,
)
from dxpilot.funding.services.flags import detect_project_flags
from dxpilot.funding.services.subsidy import approve_subsidy, compute_project_subsidy
from dxpilot.funding.tests.cases import Case, accepted_case, clock
from dxpilot.projects.models import InvestmentLine, ProjectEvent
from dxpilot.testing import World

__all__ = ["clock"]

HAN = re.compile(r"[\u4e00-\u9fff]")
events_migration = importlib.import_module("dxpilot.projects.migrations.0006_event_messages")
funding_migration = importlib.import_module("dxpilot.funding.migrations.0002_stored_phrases")


def paid_case(world: World, clock: Any) -> tuple[Case, Subsidy]:
    case = accepted_case(world, clock, user=world.enterprise_user)
    subsidy = compute_project_subsidy(case.project.pk, actor=world.city_admin)
    approve_subsidy(subsidy.pk, actor=world.city_admin)
    batch = create_batch(actor=world.finance, program=world.program, name="B1", stage="settlement")
    add_to_batch(batch.pk, actor=world.finance, subsidy_ids=[subsidy.pk])
    approve_batch(batch.pk, actor=world.finance)
    pay_batch(batch.pk, actor=world.finance)
    # An invoice above the contract: a flag with figures.
    line = InvestmentLine.objects.filter(project=case.project).order_by("pk").first()
    assert line is not None
    InvestmentLine.objects.filter(pk=line.pk).update(amount=line.amount * 10)
    detect_project_flags(case.project.pk)
    subsidy.refresh_from_db()
    return case, subsidy


def without_data(text: str, *data: str) -> str:
    for value in data:
        text = text.replace(value, "")
    return text


def test_every_record_stores_codes_and_reads_in_english(world: World, clock: Any) -> None:
    case, subsidy = paid_case(world, clock)
    events = list(ProjectEvent.objects.filter(project=case.project))
    assert events and all(e.message.get("code") and e.title == "" for e in events)
    assert all(isinstance(line, dict) and line["code"] for line in subsidy.explanation)
    flag = Flag.objects.get(project=case.project)
    assert flag.message["code"] == "flag.invoice_over_contract"
    # Data fields (names, numbers, descriptions the users typed) may be Chinese; words may not.
    lines = InvestmentLine.objects.filter(project=case.project)
    data = [case.enterprise.name, case.project.title, *(x.description for x in lines)]
    data += [c["name"] for c in world.program.subsidy_rule["categories"]]
    data += list(case.project.contracts.values_list("provider__name", flat=True))
    data += ["里程碑", "系统上线", "验收报告"]  # milestone and file names of the case
    with translation.override("en"):
        shown = [e.text for e in events] + subsidy.explanation_lines + [flag.text]
    leaks = [text for text in shown if HAN.search(without_data(text, *data))]
    assert leaks == []
    with translation.override("zh-hans"):
        assert (
            subsidy.explanation_lines[-1]
            == "奖补金额 = min(200,000.00, 300,000.00) = 200,000.00 元。"
        )


@pytest.mark.django_db
def test_old_words_are_read_back_into_the_same_figures(world: World, clock: Any) -> None:
    _case, subsidy = paid_case(world, clock)
    figures = {
        "events": sorted(ProjectEvent.objects.values_list("pk", "message")),
        "explanation": subsidy.explanation,
    }
    with translation.override("zh-hans"):
        words = {
            "events": sorted((e.pk, e.text) for e in ProjectEvent.objects.all()),
            "explanation": subsidy.explanation_lines,
        }
    with translation.override("zh-hans"):
        for event in ProjectEvent.objects.all():
            ProjectEvent.objects.filter(pk=event.pk).update(title=event.text, message={})
        Subsidy.objects.filter(pk=subsidy.pk).update(explanation=words["explanation"])

    events_migration.forwards(apps, None)
    from dxpilot.core.phrases import read_back
    from dxpilot.funding.phrases import EVENTS_BY_KIND

    events_migration.convert(apps, EVENTS_BY_KIND, read_back)
    assert sorted(ProjectEvent.objects.values_list("pk", "message")) == figures["events"]
    assert not ProjectEvent.objects.exclude(title="").exists()

    events_migration.backwards(apps, None)
    with translation.override("zh-hans"):
        assert sorted(ProjectEvent.objects.values_list("pk", "title")) == words["events"]


def test_subsidy_lines_and_flags_read_back(world: World, clock: Any) -> None:
    """The funding migration's conversions, on rows holding the old words."""
    case, subsidy = paid_case(world, clock)
    flag = Flag.objects.get(project=case.project)
    with translation.override("zh-hans"):
        old_lines = subsidy.explanation_lines
        old_flag = flag.text
    from dxpilot.core.phrases import read_back
    from dxpilot.funding.phrases import EXPLANATION_CODES, FLAG_CODES

    names = {c["name"] for c in world.program.subsidy_rule["categories"]}
    known = lambda code, p: "category" not in p or p["category"] in names  # noqa: E731
    with translation.override("zh-hans"):
        assert [read_back(line, EXPLANATION_CODES, known) for line in old_lines] == (
            subsidy.explanation
        )
        assert read_back(old_flag, FLAG_CODES) == flag.message
        assert render({"legacy": "旧"}) == "旧"
