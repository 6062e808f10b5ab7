"""The training section of the enterprise page (see dxpilot.enterprises.panels): the courses that
address the weak dimensions of the enterprise's latest diagnosis (nothing without one)."""

from __future__ import annotations

from typing import Any

from dxpilot.accounts.scope import scope_of
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.panels import Panel
from dxpilot.training.selectors import READERS, courses_for_enterprise, dimension_labels


def training_panel(user: Any, enterprise: Enterprise) -> Panel | None:
    if scope_of(user).role not in READERS:
        return None
    weak, courses = courses_for_enterprise(user, enterprise)
    if not courses:
        return None
    return Panel(
        "training/partials/enterprise_panel.html",
        {"weak": dimension_labels(weak), "courses": courses},
    )
