"""The demo world has published cases of every kind, so both targets show a value, their
figures agree with their project records, and a second run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from dxpilot.accounts.models import User
from dxpilot.cases.models import Case, CaseStatus
from dxpilot.cases.selectors import project_figures
from dxpilot.dashboard.kpis import programme_kpis
from dxpilot.programs.models import Program

pytestmark = pytest.mark.django_db


def test_the_demo_world_has_cases_and_the_dashboard_counts_them(program: Program) -> None:
    call_command("demo_data", "--scale", "small", stdout=StringIO())
    published = Case.objects.filter(status=CaseStatus.PUBLISHED)
    kinds = set(published.values_list("kind", flat=True))
    assert {"chain", "sample", "benchmark"} <= kinds
    assert Case.objects.exclude(status=CaseStatus.PUBLISHED).exists()
    for case in published.select_related("project"):
        assert case.figures == project_figures(case.project)
        if case.kind == "benchmark":
            assert case.figures["t1"]["level"] >= 3
    city = User.objects.get(username="demo-city")
    actual = {k.target.metric: k.actual for k in programme_kpis(city, program)}
    assert actual["chain_cases"] and actual["showcase_projects"]
    first = sorted(Case.objects.values_list("project_id", "kind", "status"))
    call_command("demo_data", "--scale", "small", stdout=StringIO())
    assert sorted(Case.objects.values_list("project_id", "kind", "status")) == first
