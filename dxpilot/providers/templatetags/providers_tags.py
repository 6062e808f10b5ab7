"""Formatting helpers for provider and catalogue pages (no logic: selectors prepare the data)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def stars(value: int | None, out_of: int = 5) -> str:
    """3 → ★★★☆☆ (the star rating of a yearly evaluation)."""
    if value is None:
        return ""
    n = max(0, min(int(value), out_of))
    return "★" * n + "☆" * (out_of - n)


@register.filter
def rating(value: float | Decimal | None) -> str:
    """An average rating with one decimal, or an empty string."""
    return "" if value is None else f"{float(value):.1f}"


@register.filter
def level_name(value: int | None) -> str:
    names = {1: _("一级"), 2: _("二级"), 3: _("三级"), 4: _("四级")}
    return names.get(value or 0, "—")


@register.filter
def joined(values: list[str], separator: str = "、") -> str:
    return separator.join(str(v) for v in values)


@register.filter
def provider_status(value: str) -> str:
    from dxpilot.providers.models import Provider

    return str(Provider.Status(value).label) if value in Provider.Status.values else value


@register.filter
def product_status(value: str) -> str:
    from dxpilot.providers.models import Product

    return str(Product.Status(value).label) if value in Product.Status.values else value
