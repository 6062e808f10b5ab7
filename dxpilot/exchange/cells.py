"""Turning spreadsheet cells into typed values. No models: each parser is tested alone.

A parser takes the raw value openpyxl read (str, int, float, bool, datetime or None) and the
column's header, and returns a typed value or raises CellError with a Chinese sentence that names
the column and the value. A blank cell is never passed to a parser (callers treat it as "not
given").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

MASK_CHARACTERS = ("*", "＊")
TRUE_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "规上", "规模以上"})
FALSE_WORDS = frozenset({"否", "n", "no", "false", "0", "×", "✗", "规下", "规模以下"})
DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class CellError(ValueError):
    """A cell that cannot be read as its column's type; the message is for the user."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_formula(value: Any) -> bool:
    """openpyxl (data_only=False) reads a formula as its text "=…", an array formula as an object."""
    if isinstance(value, str):
        return value.startswith("=")
    return hasattr(value, "text") and hasattr(value, "ref")


def display(value: Any) -> str:
    """The value as the user typed it, for messages (integral floats without ".0")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M")
            if value.time() != datetime.min.time()
            else value.date().isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _normal(value: Any) -> str:
    # NFKC folds full-width digits, letters and brackets (１２３ → 123) typed with Chinese IMEs.
    return unicodedata.normalize("NFKC", display(value)).strip()


def parse_text(value: Any, header: str, *, max_length: int = 200) -> str:
    text = display(value)
    if len(text) > max_length:
        raise CellError(
            _("“{column}”最多 {limit} 个字，当前 {length} 个字。").format(
                column=header, limit=max_length, length=len(text)
            )
        )
    return text


def parse_code(value: Any, header: str) -> str:
    """Codes (credit codes, division and industry codes): no spaces, upper case, half-width."""
    return "".join(_normal(value).split()).upper()


def parse_contact(value: Any, header: str, *, max_length: int = 60) -> str:
    """Contact data must be complete: a masked value (from an export) would overwrite the truth."""
    text = parse_text(value, header, max_length=max_length)
    if any(mark in text for mark in MASK_CHARACTERS):
        raise CellError(
            _("“{column}”的值“{value}”是脱敏后的内容（含 *），请填写完整信息或留空。").format(
                column=header, value=text
            )
        )
    return text


def parse_integer(value: Any, header: str, *, maximum: int = 10_000_000) -> int:
    if isinstance(value, bool):
        raise CellError(
            _("“{column}”应为整数，收到“{value}”。").format(column=header, value=display(value))
        )
    number: Decimal | None = None
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = _normal(value).replace(",", "").removesuffix("人").strip()
        if NUMBER.match(text):
            number = Decimal(text)
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise CellError(
            _("“{column}”应为整数，收到“{value}”。").format(column=header, value=display(value))
        )
    if abs(number) > maximum:
        raise CellError(
            _("“{column}”的值 {value} 超出合理范围（不超过 {maximum}）。").format(
                column=header, value=display(value), maximum=maximum
            )
        )
    return int(number)


def parse_amount(
    value: Any, header: str, *, unit: str = "万元", maximum: Decimal = Decimal("9999999999.99")
) -> Decimal:
    """An amount in `unit` with two decimals. Text numbers ("1,234.5", "500万元") are accepted;
    words ("五百万") are not."""
    number: Decimal | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(str(value))
    elif isinstance(value, str):
        text = _normal(value).replace(",", "").replace(" ", "").removesuffix(unit)
        if unit == "万元":
            text = text.removesuffix("万")
        if NUMBER.match(text):
            number = Decimal(text)
    if number is None or not number.is_finite():
        raise CellError(
            _("“{column}”应为数字（单位：{unit}，例如 500 或 1234.56），收到“{value}”。").format(
                column=header, unit=unit, value=display(value)
            )
        )
    number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if abs(number) > maximum:
        raise CellError(
            _("“{column}”的值 {value} 超出合理范围（不超过 {maximum}）。").format(
                column=header, value=display(value), maximum=maximum
            )
        )
    return number


def parse_date(value: Any, header: str, *, today: date | None = None) -> date:
    """Excel dates, or text as 2020-01-05, 2020/1/5, 2020.1.5, 2020年1月5日, 20200105.

    Anything else (05/01/2020 is day-first in some offices and month-first in others, a bare
    Excel serial number such as 43835) is refused rather than guessed."""
    parsed: date | None = None
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        text = _normal(value)
        for pattern in DATE_PATTERNS:
            match = pattern.match(text)
            if match:
                try:
                    parsed = date(*(int(part) for part in match.groups()))
                except ValueError:
                    raise CellError(
                        _("“{column}”的“{value}”不是有效日期。").format(column=header, value=text)
                    ) from None
                break
    if parsed is None:
        raise CellError(
            _("“{column}”的“{value}”无法识别为日期，请填写如 2020-01-05 或 2020年1月5日。").format(
                column=header, value=display(value)
            )
        )
    if today is not None and parsed > today:
        raise CellError(
            _("“{column}”的日期 {value} 晚于今天。").format(column=header, value=parsed.isoformat())
        )
    return parsed


def parse_boolean(value: Any, header: str) -> bool:
    if isinstance(value, bool):
        return value
    text = _normal(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(
        _("“{column}”应填写“是”或“否”，收到“{value}”。").format(column=header, value=display(value))
    )


def parse_choice(value: Any, header: str, choices: dict[str, str]) -> str:
    """`choices` maps every accepted spelling (label and stored value) to the stored value."""
    text = _normal(value)
    if text in choices:
        return choices[text]
    if text.lower() in choices:
        return choices[text.lower()]
    labels = "、".join(dict.fromkeys(k for k, v in choices.items() if k != v))
    raise CellError(
        _("“{column}”应为以下之一：{labels}；收到“{value}”。").format(
            column=header, labels=labels, value=display(value)
        )
    )


def normal_header(text: Any) -> str:
    """Headers match loosely: full/half width, spaces, required-marks (*) and case are ignored."""
    folded = unicodedata.normalize("NFKC", str(text or ""))
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "*").lower()
