"""One validation layer for the three doors of a write: the form, the Excel import row and the
API payload. A write declares its rules once, as a table of `Rule`s keyed by field name (limits
taken from the model's own column where it has one), and its service runs `validate(rules,
values)`; the form's `max_length` and the API schema's documented limits read the same table.

Every refusal is a Chinese sentence naming the field (the import adds the row), and a refusal
leaves nothing written because the service raises before its first write.

Text is normalised before it is judged: zero-width, bidi-override and control characters are
removed (a NUL is refused outright: it never comes from a keyboard), surrounding space is
trimmed, and text that is empty afterwards counts as not given. Codes, e-mail addresses and
phone numbers are folded with NFKC (full-width ＡＢＣ１２３ typed with a Chinese IME become
ABC123). Names and prose are stored NFC, not NFKC: NFKC would rewrite the full-width
punctuation of Chinese names (“（集团）” → “(集团)”, “，” → “,”), so a registered name would
no longer match its business licence; emptiness is still judged on the NFKC form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

# Zero-width and bidi controls are Unicode "format" characters (category Cf): U+200B-U+200F,
# U+202A-U+202E, U+2060-U+2064, U+2066-U+2069, U+FEFF, U+00AD, U+061C …
_INVISIBLE_CATEGORIES = frozenset({"Cf"})
# Wide enough for any value a column could hold and far beyond: formatting never overflows.
_WIDE = Context(prec=1000, Emax=999999, Emin=-999999)
PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")
BANK = re.compile(r"^[0-9 \-]{8,40}$")


def strip_invisible(text: str, *, multiline: bool = False) -> str:
    """Remove format characters (zero-width, bidi overrides) and control characters; in
    single-line text tabs and line breaks become spaces, in multi-line text line breaks stay."""
    kept: list[str] = []
    for ch in text.replace("\r\n", "\n"):
        category = unicodedata.category(ch)
        if category in _INVISIBLE_CATEGORIES:
            continue
        if category == "Cc":
            if ch == "\n" and multiline:
                kept.append(ch)
            elif ch in "\t\n\r":
                kept.append(" ")
            continue
        kept.append(ch)
    return "".join(kept)


def normalise_text(value: object, *, multiline: bool = False) -> str:
    """Prose and names: NFC, invisible and control characters removed, trimmed."""
    return strip_invisible(unicodedata.normalize("NFC", str(value)), multiline=multiline).strip()


def fold(value: object) -> str:
    """Identity-like text (codes, e-mail, phone): NFKC, invisible characters removed, trimmed."""
    return strip_invisible(unicodedata.normalize("NFKC", str(value))).strip()


def fold_code(value: object) -> str:
    """A code (credit code, division or industry code): folded, no spaces at all, upper case."""
    return "".join(fold(value).split()).upper()


def has_nul(value: object) -> bool:
    return isinstance(value, str) and "\x00" in value


# --- rules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """How one field is judged. `label` is a lazy Chinese field name."""

    label: str | Promise
    # text | code (folded, upper case) | key (folded) | email | phone | bank | integer | decimal
    # | past_date
    kind: str = "text"
    max_length: int | None = None
    required: bool = False
    multiline: bool = False
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    decimal_places: int | None = None

    @property
    def schema(self) -> dict[str, Any]:
        """The limits as JSON Schema keywords, for the API's OpenAPI document."""
        extra: dict[str, Any] = {}
        if self.max_length is not None:
            extra["maxLength"] = self.max_length
        if self.minimum is not None:
            extra["minimum"] = float(self.minimum) if self.kind == "decimal" else self.minimum
        if self.maximum is not None:
            extra["maximum"] = float(self.maximum) if self.kind == "decimal" else self.maximum
        return extra


def verbose_name(model: type[models.Model], name: str) -> Any:
    return model._meta.get_field(name).verbose_name  # type: ignore[union-attr]


def text_rule(
    model: type[models.Model],
    name: str,
    *,
    required: bool = False,
    multiline: bool = False,
    max_length: int | None = None,
    kind: str = "text",
) -> Rule:
    """A text rule whose limit is the model column's max_length (or `max_length` for columns
    without one: encrypted and TEXT columns)."""
    field = model._meta.get_field(name)
    limit = getattr(field, "max_length", None) or max_length
    if limit is None:
        raise ValueError(f"{model.__name__}.{name} has no max_length; pass one")
    return Rule(
        verbose_name(model, name),
        kind=kind,
        max_length=limit,
        required=required,
        multiline=multiline,
    )


def decimal_rule(
    model: type[models.Model],
    name: str,
    *,
    minimum: Decimal | None = Decimal(0),
    maximum: Decimal | None = None,
) -> Rule:
    """A decimal within the column's precision (max_digits, decimal_places) and, if given, a
    lower plausible maximum."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.DecimalField)  # noqa: S101 - a programming error otherwise
    places = field.decimal_places
    ceiling = Decimal(10) ** (field.max_digits - places) - Decimal(1).scaleb(-places)
    return Rule(
        verbose_name(model, name),
        kind="decimal",
        minimum=minimum,
        maximum=min(ceiling, maximum) if maximum is not None else ceiling,
        decimal_places=places,
    )


def integer_rule(model: type[models.Model], name: str, *, minimum: int = 0, maximum: int) -> Rule:
    return Rule(verbose_name(model, name), kind="integer", minimum=minimum, maximum=maximum)


# --- judging ---------------------------------------------------------------------------


def _number_text(value: Decimal | int) -> str:
    if isinstance(value, Decimal):
        return format_decimal(value)
    return str(value)


def _clean_text(rule: Rule, value: Any) -> tuple[Any, list[str]]:
    label = rule.label
    if value is None:
        value = ""
    if not isinstance(value, str):
        return value, [_("“{field}”应为文本。").format(field=label)]
    if has_nul(value):
        return value, [_("“{field}”含有不允许的空字符（NUL）。").format(field=label)]
    if rule.kind == "code":
        text = fold_code(value)
    elif rule.kind in ("key", "email", "phone", "bank"):
        text = fold(value)
    else:
        text = normalise_text(value, multiline=rule.multiline)
    if not fold(text):
        if value.strip() and not text:
            # Something was typed, but all of it was invisible.
            if rule.required:
                return "", [_("“{field}”只含有不可见字符，请填写内容。").format(field=label)]
            return "", []
        if rule.required:
            return "", [_("“{field}”不能为空。").format(field=label)]
        return "", []
    if rule.max_length is not None and len(text) > rule.max_length:
        message = _("“{field}”最多 {limit} 个字符，当前 {length} 个字符。")
        return text, [message.format(field=label, limit=rule.max_length, length=len(text))]
    if rule.kind == "email":
        try:
            validate_email(text)
        except ValidationError:
            return text, [
                _("“{field}”的“{value}”不是有效的电子邮箱。").format(field=label, value=text)
            ]
    elif rule.kind == "phone" and not PHONE.match(text):
        return text, [_("“{field}”的“{value}”不是有效的电话号码。").format(field=label, value=text)]
    elif rule.kind == "bank" and not BANK.match(text):
        return text, [_("“{field}”的“{value}”不是有效的银行账号。").format(field=label, value=text)]
    return text, []


def _clean_number(rule: Rule, value: Any) -> tuple[Any, list[str]]:
    label = rule.label
    if value is None or value == "":
        if rule.required:
            return value, [_("“{field}”不能为空。").format(field=label)]
        return value, []
    if isinstance(value, bool):
        return value, [_("“{field}”应为数字。").format(field=label)]
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return value, [_("“{field}”应为数字。").format(field=label)]
    if not number.is_finite():
        return value, [_("“{field}”应为有限的数字。").format(field=label)]
    if rule.kind == "integer" and number != number.to_integral_value():
        return value, [_("“{field}”应为整数。").format(field=label)]
    if rule.minimum is not None and number < rule.minimum:
        message = _("“{field}”不能小于 {minimum}。")
        return value, [message.format(field=label, minimum=_number_text(rule.minimum))]
    if rule.maximum is not None and number > rule.maximum:
        message = _("“{field}”的值超出合理范围（不超过 {maximum}）。")
        return value, [message.format(field=label, maximum=_number_text(rule.maximum))]
    if rule.kind == "integer":
        return int(number), []
    if rule.decimal_places is not None:
        step = Decimal(1).scaleb(-rule.decimal_places)
        number = number.quantize(step, rounding=ROUND_HALF_UP)
    return number, []


def _clean_past_date(rule: Rule, value: Any, today: date) -> tuple[Any, list[str]]:
    if value is None:
        if rule.required:
            return value, [_("“{field}”不能为空。").format(field=rule.label)]
        return value, []
    if not isinstance(value, date):
        return value, [_("“{field}”应为日期。").format(field=rule.label)]
    if value > today:
        message = _("“{field}”的日期 {value} 晚于今天。")
        return value, [message.format(field=rule.label, value=value.isoformat())]
    return value, []


def check(rule: Rule, value: Any, *, today: date | None = None) -> tuple[Any, list[str]]:
    """One field: (normalised value, problems)."""
    if rule.kind in ("integer", "decimal"):
        return _clean_number(rule, value)
    if rule.kind == "past_date":
        return _clean_past_date(rule, value, today or timezone.localdate())
    return _clean_text(rule, value)


def validate(
    rules: Mapping[str, Rule], values: Mapping[str, Any], *, today: date | None = None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Every field named in `rules`: (normalised values, problems by field). Fields not in
    `rules` are passed through unchanged."""
    cleaned = dict(values)
    errors: dict[str, list[str]] = {}
    for name, rule in rules.items():
        if name not in values:
            continue
        cleaned[name], problems = check(rule, values[name], today=today)
        if problems:
            errors[name] = problems
    return cleaned, errors


def refuse_if(errors: Mapping[str, list[str]]) -> None:
    if errors:
        raise ValidationError(dict(errors))


# --- reading stored values ----------------------------------------------------------------


def format_decimal(value: Decimal | int | float | None, places: int = 2) -> str:
    """A decimal as plain text with `places` decimals, for any stored value (an out-of-range
    or non-finite value is shown as it is instead of failing the page)."""
    if value is None:
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite():
            return str(number)
        step = Decimal(1).scaleb(-places)
        return str(number.quantize(step, rounding=ROUND_HALF_UP, context=_WIDE))
    except (InvalidOperation, ValueError):
        return str(value)
