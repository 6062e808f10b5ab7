"""SQLite does not enforce a DecimalField's max_digits, so a row written before the limits of
dxpilot.core.validation existed may hold a value its column cannot express; Django's converter
then raises InvalidOperation and every list, search and export that reads the row fails. Here
such a value is read as it is stored (`manage.py check_stored_values` lists these rows)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def get_decimalfield_converter(self, expression: Any) -> Callable[..., Any]:
        convert = super().get_decimalfield_converter(expression)

        def converter(value: Any, expression: Any, connection: Any) -> Any:
            try:
                return convert(value, expression, connection)
            except InvalidOperation:
                return Decimal(str(value))

        return converter


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
