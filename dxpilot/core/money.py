"""One way to write an amount: 元 with thousands separators and two decimals (1,234,567.80).

Used by services (timeline and audit texts), pages, the Word writers and exports, so that an
amount reads the same wherever it appears."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

CENT = Decimal("0.01")
# Wide enough for any stored value: a page never fails on an amount beyond its column.
_WIDE = Context(prec=1000)


def money(value: Decimal | int | None) -> str:
    try:
        return f"{Decimal(value or 0).quantize(CENT, ROUND_HALF_UP, context=_WIDE):,}"
    except InvalidOperation:
        return str(value)
