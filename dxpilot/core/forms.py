"""Turning a service's ValidationError into form errors next to the right fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def attach_errors(
    form: forms.Form, exc: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Put each message next to its field; unknown fields become form-wide errors."""
    field_map = field_map or {}
    if not hasattr(form, "cleaned_data"):
        # An unbound or not yet validated form (a retire button posts no fields): add_error
        # reads cleaned_data, which only full_clean() creates.
        form.cleaned_data = {}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target: Any = field_map.get(name, name)
            form.add_error(
                target if target in form.fields else None,
                [e for error in errors for e in error.messages],
            )
    else:
        form.add_error(None, exc.messages)


class ReasonsForm(forms.Form):
    """A return or refusal: common reasons to tick plus free text, one reason per line.

    Subclasses name their own `common_reasons` (translated per request, not at import)."""

    common_reasons: tuple[Any, ...] = ()

    common = forms.MultipleChoiceField(
        label=_("常见原因"), required=False, choices=(), widget=forms.CheckboxSelectMultiple
    )
    other = forms.CharField(
        label=_("其他原因（每行一条）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["common"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - narrows for mypy
        field.choices = [(str(text), text) for text in self.common_reasons]

    def reasons(self) -> list[str]:
        data = self.cleaned_data
        return [*data.get("common", []), *(data.get("other") or "").splitlines()]
