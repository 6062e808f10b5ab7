"""The assessment section of the enterprise page (see dxpilot.enterprises.panels)."""

from __future__ import annotations

from typing import Any

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.selectors import visible_assessments
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.panels import Panel

# Who arranges on-site assessments (assessment.views.lists.assign says the same).
ASSIGNERS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})


def assessment_panel(user: Any, enterprise: Enterprise) -> Panel:
    rows = visible_assessments(user).filter(enterprise=enterprise).order_by("-created_at")[:20]
    return Panel(
        "assessment/partials/enterprise_panel.html",
        {"assessments": list(rows), "can_assign": scope_of(user).role in ASSIGNERS},
    )
