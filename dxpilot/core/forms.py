"""Turning a service's ValidationError into form errors next to the right fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def attach_errors(
    form: forms.Form, exc: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Put each message next to its field; unknown fields become form-wide errors."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target: Any = field_map.get(name, name)
            form.add_error(
                target if target in form.fields else None,
                [e for error in errors for e in error.messages],
            )
    else:
        form.add_error(None, exc.messages)
