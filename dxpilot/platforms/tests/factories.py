"""Platforms, grants and adoptions, reached through the services (never raw rows)."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from dxpilot.accounts.models import Role, User
from dxpilot.accounts.services import create_user
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.services import register_enterprise
from dxpilot.platforms import services
from dxpilot.platforms.models import CloudAdoption, Platform, PlatformGrant
from dxpilot.testing import PASSWORD, World, enterprise_data, valid_code

_serial = count(1)


def platform_data(**overrides: Any) -> services.PlatformData:
    n = next(_serial)
    values: dict[str, Any] = {
        "name": f"测试工业互联网平台{n}",
        "operator": f"测试平台运营{n}有限公司",
        "kind": "industrial_internet",
        "level": "provincial",
        "system_group": "none",
        "recognised_on": None,
        "segment_keys": ("auto-parts",),
    }
    values.update(overrides)
    return services.PlatformData(**values)


def make_platform(world: World, **overrides: Any) -> Platform:
    return services.register_platform(
        world.program, platform_data(**overrides), actor=world.city_admin
    )


def platform_token(world: World, platform: Platform) -> str:
    """The secret of a fresh push token for the platform's API client."""
    _token, secret = services.issue_platform_token(platform.pk, actor=world.city_admin)
    return secret


def platform_client(platform: Platform) -> User:
    platform.refresh_from_db()
    assert platform.client is not None
    return platform.client


def grant(enterprise_user: User, platform: Platform) -> PlatformGrant:
    assert enterprise_user.enterprise_id is not None
    return services.authorise_platform(
        enterprise_user.enterprise_id, platform.pk, actor=enterprise_user
    )


def adopt(
    actor: User,
    enterprise: Enterprise,
    platform: Platform | None = None,
    *,
    service_name: str = "",
    since: date = date(2024, 5, 6),
    scenes: tuple[str, ...] = ("S2.1", "S2.2"),
) -> CloudAdoption:
    data = services.AdoptionData(
        since=since,
        scenes=scenes,
        platform_id=platform.pk if platform else None,
        service_name=service_name,
    )
    return services.record_adoption(enterprise.pk, data, actor=actor)


_pilot_serial = count(1)


def pilot(world: World, division_code: str = "340104", **overrides: Any) -> Enterprise:
    """A pilot enterprise registered by the city admin."""
    n = next(_pilot_serial)
    code = valid_code(f"91{division_code}MA2PL{n:04d}")
    return register_enterprise(
        world.program,
        enterprise_data(code, division_code, is_pilot=True, **overrides),
        actor=world.city_admin,
    )


def enterprise_user_for(enterprise: Enterprise, username: str) -> User:
    return create_user(
        actor=None,
        username=username,
        password=PASSWORD,
        role=Role.ENTERPRISE,
        enterprise_id=enterprise.pk,
    )
