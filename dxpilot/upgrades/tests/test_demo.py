"""The demo world has a 技改 list and a model library that agree with their own rules, and a
second run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from dxpilot.audit.models import AuditEntry
from dxpilot.mechanisms.models import MechanismModel, ModelScene, ModelStatus
from dxpilot.mechanisms.selectors import ModelFilters, search_models
from dxpilot.programs.models import Program
from dxpilot.upgrades.models import UpgradeProject
from dxpilot.upgrades.rules import UpgradeData, upgrade_problems

pytestmark = pytest.mark.django_db


def test_the_demo_world_has_upgrade_projects_and_models(program: Program) -> None:
    call_command("demo_data", "--scale", "small", stdout=StringIO())
    projects = list(UpgradeProject.objects.all())
    assert len(projects) >= 30
    assert {p.category for p in projects} >= {"digital", "intelligent", "energy"}
    assert {p.status for p in projects} == {"planned", "under_construction", "completed"}
    today = timezone.localdate()
    for p in projects:
        data = UpgradeData(p.enterprise_id, p.name, p.total_investment, p.equipment_investment,
                           p.category, p.status, p.start_on, p.end_on)  # fmt: skip
        assert upgrade_problems(data, today) == {}, p
    listed = MechanismModel.objects.filter(status=ModelStatus.LISTED)
    assert listed.count() >= 12
    scenes = set(ModelScene.objects.values_list("scene", flat=True))
    assert len(scenes) == 16  # every scene of the 2024 standard
    used = sum(listed.values_list("usage_count", flat=True))
    assert used == AuditEntry.objects.filter(action="mechanisms.use").count() > 0
    assert search_models(ModelFilters(q="节能")).total >= 1
    before = (UpgradeProject.objects.count(), MechanismModel.objects.count())
    call_command("demo_data", "--scale", "small", stdout=StringIO())
    assert (UpgradeProject.objects.count(), MechanismModel.objects.count()) == before
