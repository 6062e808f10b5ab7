"""One way to write an amount: 元 with thousands separators and two decimals (1,234,567.80).

Used by services (timeline and audit texts), pages, the Word writers and exports, so that an
amount reads the same wherever it appears."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value: Decimal | int | None) -> str:
    return f"{Decimal(value or 0).quantize(CENT, ROUND_HALF_UP):,}"
