"""Reading stored values never fails: a decimal stored beyond its column's precision (SQLite
does not enforce it) is read as stored, and `check_stored_values` lists such rows (issue 14)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dxpilot.accounts.models import ApiToken
from dxpilot.core.validation import format_decimal
from dxpilot.enterprises.models import Enterprise
from dxpilot.exchange.services import start_export
from dxpilot.testing import World, bearer, client_for, issue_token

# Only SQLite lets such a value be stored: PostgreSQL refuses it (numeric field overflow).
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL enforces the column's precision"
)


@sqlite_only
class TestStoredOutOfRange:
    def test_a_stored_out_of_range_revenue_does_not_break_lists_search_or_export(
        self, world: World
    ) -> None:
        # A row written before the limits existed (SQLite does not enforce the precision).
        Enterprise.objects.filter(pk=world.enterprise_a.pk).update(revenue=Decimal("1e30"))
        officer = client_for(world.city_admin)
        assert officer.get("/enterprises/").status_code == 200
        assert officer.get("/enterprises/", {"q": "测试"}).status_code == 200
        secret = issue_token(world.city_admin, [ApiToken.Scope.ENTERPRISES_READ])
        response = client_for(None).get("/api/v1/enterprises", **bearer(secret))
        assert response.status_code == 200
        assert response.json()["count"] == 2
        assert start_export("enterprises", actor=world.city_admin, filters={}).status == "done"


def test_format_decimal_never_fails() -> None:
    assert format_decimal(Decimal("1e30")) == "1000000000000000000000000000000.00"
    assert format_decimal(Decimal("NaN")) == "NaN"
    assert format_decimal(Decimal("1e999999")) == "1E+999999"
    assert format_decimal(Decimal("12.345")) == "12.35"


@sqlite_only
def test_check_stored_values_reports_an_out_of_range_revenue(world: World) -> None:
    out = StringIO()
    call_command("check_stored_values", stdout=out)
    assert "no out-of-range decimals" in out.getvalue()
    Enterprise.objects.filter(pk=world.enterprise_a.pk).update(revenue=Decimal("1e30"))
    with pytest.raises(CommandError):
        call_command("check_stored_values", stdout=out)
    assert (
        f"enterprises.Enterprise.revenue: 1 row(s) out of range, ids [{world.enterprise_a.pk}]"
        in out.getvalue()
    )


def test_money_never_fails() -> None:
    from dxpilot.core.money import money

    assert money(Decimal("1234567.8")) == "1,234,567.80"
    assert money(Decimal("1e30")) == "1,000,000,000,000,000,000,000,000,000,000.00"
    assert money(Decimal("NaN")) == "NaN"
