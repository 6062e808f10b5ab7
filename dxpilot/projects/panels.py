"""The project section of the enterprise page (see dxpilot.enterprises.panels)."""

from __future__ import annotations

from typing import Any

from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.panels import Panel


def project_panel(user: Any, enterprise: Enterprise) -> Panel:
    return Panel("projects/partials/enterprise_panel.html")
