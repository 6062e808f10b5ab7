"""Template filters for assessment figures: ``{% load assessment_tags %}{{ n|level_name }}``."""

from __future__ import annotations

from django import template

from dxpilot.assessment import render

register = template.Library()


@register.filter
def level_name(value: object) -> str:
    """A level number in words in the active language (未达一级, 一级 …); "" for none."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "" if value is None or value == "" else str(value)
    return render.level_name(value)
