"""The 上云上平台 section of the enterprise page (see dxpilot.enterprises.panels): a link, no query."""

from __future__ import annotations

from typing import Any

from dxpilot.accounts.scope import scope_of
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.panels import Panel
from dxpilot.platforms.selectors import REGISTRY_READERS


def adoption_panel(user: Any, enterprise: Enterprise) -> Panel | None:
    if scope_of(user).role not in REGISTRY_READERS:
        return None
    return Panel("platforms/partials/enterprise_panel.html")
