"""Policies reached through the services (never raw rows)."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from dxpilot.accounts.models import User
from dxpilot.policies import services
from dxpilot.policies.models import Policy
from dxpilot.testing import World

_serial = count(1)


def policy_data(**overrides: Any) -> services.PolicyData:
    n = next(_serial)
    values: dict[str, Any] = {
        "title": f"关于支持中小企业数字化转型的若干政策{n}",
        "issuer": "合肥市人民政府办公室",
        "number": f"合政办〔2024〕{n}号",
        "level": "city",
        "issued_on": date(2024, 5, 28),
        "summary": "对试点企业数字化改造给予奖补，支持上云上平台和数字化人才培训。",
    }
    values.update(overrides)
    return services.PolicyData(**values)


def make_policy(world: World, actor: User | None = None, **overrides: Any) -> Policy:
    return services.publish_policy(
        world.program, policy_data(**overrides), actor=actor or world.city_admin
    )
