"""One way to write a person, an amount and a ratio on pages (issue 12)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from dxpilot.accounts.models import Role, User
from dxpilot.core.templatetags.formatting import money, percent, person
from dxpilot.projects.timeline import _actor


def render(source: str, **context: object) -> str:
    return Template("{% load formatting %}" + source).render(Context(context))


class TestPerson:
    def test_the_name_on_record_comes_before_the_login_name(self) -> None:
        user = User(username="demo-assessor-3", display_name="王敏", role=Role.ASSESSOR)
        assert person(user) == "王敏"
        assert user.get_full_name() == "王敏"
        assert render("{{ u|person }}", u=user) == "王敏"

    def test_the_login_name_is_the_fallback(self) -> None:
        assert person(User(username="demo-assessor-3", role=Role.ASSESSOR)) == "demo-assessor-3"
        assert person(None) == "—"

    def test_the_timeline_names_the_person_not_the_login(self) -> None:
        user = User(username="demo-assessor-3", display_name="王敏", role=Role.ASSESSOR)
        assert _actor(user).startswith("王敏")
        assert "demo-assessor-3" not in _actor(user)


class TestMoney:
    @pytest.mark.parametrize(
        ("value", "shown"),
        [(Decimal("132800"), "132,800.00"), (132800.5, "132,800.50"), (0, "0.00"), (None, "—")],
    )
    def test_every_amount_has_thousands_separators_and_two_decimals(
        self, value: object, shown: str
    ) -> None:
        assert money(value) == shown
        assert render("{{ v|money }}", v=value) == shown


class TestPercent:
    @pytest.mark.parametrize(
        ("value", "shown"),
        [(1.0, "100%"), (Decimal("0.35"), "35%"), ("0.5", "50%"), (None, "—")],
    )
    def test_a_ratio_is_a_percentage(self, value: object, shown: str) -> None:
        assert percent(value) == shown

    def test_digits(self) -> None:
        assert percent(Decimal("0.125"), 1) == "12.5%"
