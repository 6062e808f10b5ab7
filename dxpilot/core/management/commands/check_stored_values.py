"""List rows whose decimals exceed their column's precision (possible on SQLite, which does not
enforce max_digits, for rows written before dxpilot.core.validation existed). Exit status 1 when
any is found, so it can run after an upgrade or in monitoring."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models


def out_of_range() -> list[tuple[str, str, list[int]]]:
    """(model label, field, primary keys) for every DecimalField holding a value too large."""
    found: list[tuple[str, str, list[int]]] = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DecimalField):
                continue
            bound = Decimal(10) ** (field.max_digits - field.decimal_places)
            rows = model._default_manager.filter(
                models.Q(**{f"{field.attname}__gte": bound})
                | models.Q(**{f"{field.attname}__lte": -bound})
            )
            pks = list(rows.values_list("pk", flat=True)[:1000])
            if pks:
                found.append((model._meta.label, field.name, pks))
    return found


class Command(BaseCommand):
    help = "List rows whose decimal values exceed their column's precision."

    def handle(self, *args: Any, **options: Any) -> None:
        found = out_of_range()
        for label, name, pks in found:
            self.stdout.write(f"{label}.{name}: {len(pks)} row(s) out of range, ids {pks[:20]}")
        if found:
            raise CommandError("rows with out-of-range decimals found; correct them through the UI")
        self.stdout.write("no out-of-range decimals")
