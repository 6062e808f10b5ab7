"""The demo world has platforms at every level and cloud adoption for most pilots, the same on
every run; a second run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from dxpilot.accounts.models import User
from dxpilot.platforms.models import CloudAdoption, Platform, PlatformGrant
from dxpilot.platforms.selectors import coverage
from dxpilot.programs.models import Program

pytestmark = pytest.mark.django_db


def footprint() -> tuple[object, ...]:
    return (
        sorted(Platform.objects.values_list("name", "level", "system_group")),
        sorted(CloudAdoption.objects.values_list("enterprise__credit_code", "platform__name", "since")),
        PlatformGrant.objects.count(),
    )  # fmt: skip


def test_the_demo_world_has_platforms_and_adoption(program: Program) -> None:
    call_command("demo_data", "--scale", "small", stdout=StringIO())
    assert Platform.objects.count() == 8
    assert set(Platform.objects.values_list("level", flat=True)) == {
        "cross_industry", "national", "provincial", "city",
    }  # fmt: skip
    city = User.objects.get(username="demo-city")
    result = coverage(city, program)
    assert 0 < result.total.covered < result.total.total
    assert PlatformGrant.objects.filter(enterprise__users__username="demo-enterprise").exists()
    assert not CloudAdoption.objects.filter(enterprise__users__username="demo-enterprise").exists()
    first = footprint()
    call_command("demo_data", "--scale", "small", stdout=StringIO())
    assert footprint() == first
