"""The policies section of the enterprise page (see dxpilot.enterprises.panels): the published
policies in force whose conditions the enterprise meets."""

from __future__ import annotations

from typing import Any

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.panels import Panel
from dxpilot.policies.selectors import OFFICIALS, applicable_policies

READERS = OFFICIALS | {Role.ENTERPRISE}


def policy_panel(user: Any, enterprise: Enterprise) -> Panel | None:
    if scope_of(user).role not in READERS:
        return None
    return Panel(
        "policies/partials/enterprise_panel.html", {"policies": applicable_policies(enterprise)}
    )
