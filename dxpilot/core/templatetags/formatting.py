"""How a person, an amount and a ratio are written on every page.

``{% load formatting %}{{ user|person }} {{ amount|money }} {{ ratio|percent }}``: one helper each,
so that a name, an amount or a share reads the same wherever a page shows it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from dxpilot.core.money import money as format_money

register = template.Library()


def person_name(user: Any) -> str:
    """A person as other people know them: the name on record, else the login name; "—" for none."""
    if user is None or user == "":
        return "—"
    if isinstance(user, str):
        return user
    full = getattr(user, "get_full_name", None)
    name = full() if callable(full) else ""
    return str(name or getattr(user, "display_name", "") or user.get_username())


@register.filter
def person(user: Any) -> str:
    return person_name(user)


@register.filter
def money(value: Any) -> str:
    """1234567.8 → 1,234,567.80 (core/money.py); "" stays "" and None is "—"."""
    if value is None or value == "":
        return "—"
    return format_money(value)


@register.filter
def percent(value: Any, digits: int = 0) -> str:
    """A ratio as a percentage: 1.0 → 100%, 0.35 → 35%, 0.125 with 1 → 12.5%."""
    if value is None or value == "":
        return "—"
    try:
        share = Decimal(str(value)) * 100
    except InvalidOperation:
        return str(value)
    text = f"{share:.{int(digits)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"
