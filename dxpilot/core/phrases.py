"""Stored sentences as figures: a code and its parameters, said in the reader's language when shown.

A record that explains itself (a timeline event, a fraud flag, a subsidy's line-by-line
explanation, an eligibility snapshot) stores ``{"code": ..., "params": {...}}`` and never the
sentence. The app that writes the record defines its phrases once, with the Chinese wording as
the gettext msgid and, per parameter, how it is shown::

    CONTRACT = define("projects.contract", gettext_noop("备案合同 {number}：{amount} 元。"),
                      amount=MONEY)
    log_event(project, ..., message=CONTRACT.say(number=c.number, amount=c.amount))

``render(stored)`` says it in the active language (templates, the API and the .docx writers
call it while the request's language is active), so an English reader reads English and a
wording fix reaches old records. A plain string is a record stored before this rule and is
shown as it is. ``read_back`` turns such a sentence into figures again (the data migrations).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext

from dxpilot.core.money import money


@dataclass(frozen=True)
class Field:
    """How one parameter is shown (``show``) and read back from a stored sentence (``read``)."""

    show: Callable[[Any], str]
    read: Callable[[str], Any]
    # What the parameter looks like in a sentence (a regular expression, for read_back).
    pattern: str = r".+?"
    # How the figure is kept (JSON-ready); None: as it comes (dates as ISO strings).
    store: Callable[[Any], Any] | None = None


def _show_text(value: Any) -> str:
    return "" if value is None else str(value)


def _show_money(value: Any) -> str:
    try:
        return money(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def _read_money(text: str) -> str:
    return _store_money(text.replace(",", "").replace("，", ""))


def _store_money(value: Any) -> str:
    """An amount as a decimal string with cents ("3280000.00"), whatever the database gave."""
    try:
        return str(Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP))
    except (InvalidOperation, ValueError):
        return str(value)


def _read_int(text: str) -> int:
    return int(text)


TEXT = Field(show=_show_text, read=str)
MONEY = Field(show=_show_money, read=_read_money, pattern=r"-?[\d,]+(?:\.\d+)?", store=_store_money)
INTEGER = Field(show=_show_text, read=_read_int, pattern=r"-?\d+")
DATE = Field(show=_show_text, read=str, pattern=r"\d{4}-\d{2}-\d{2}")


def choice(labels: Callable[[], Mapping[str, Any]]) -> Field:
    """A code shown by its label (``labels()`` is read when shown, in the active language)."""

    def show(value: Any) -> str:
        return str(labels().get(str(value), value))

    def read(text: str) -> str:
        for code, label in labels().items():
            if str(label) == text:
                return code
        return text

    return Field(show=show, read=read)


@dataclass(frozen=True)
class Phrase:
    code: str
    template: str  # the Chinese wording: the gettext msgid, with {name} fields
    fields: Mapping[str, Field] = field(default_factory=dict)

    def say(self, **params: Any) -> dict[str, Any]:
        """The stored form of this sentence with these figures (JSON-ready)."""
        names = set(re.findall(r"{(\w+)}", self.template))
        if missing := names - set(params):
            raise TypeError(f"phrase {self.code} needs {sorted(missing)}")
        kept = {}
        for name, value in params.items():
            store = self.fields.get(name, TEXT).store
            kept[name] = store(value) if store is not None else _stored(value)
        return {"code": self.code, "params": kept}

    def text(self, params: Mapping[str, Any]) -> str:
        shown = {name: self.fields.get(name, TEXT).show(value) for name, value in params.items()}
        return gettext(self.template).format(**shown)


PHRASES: dict[str, Phrase] = {}


def define(code: str, template: str, **fields: Field) -> Phrase:
    """Register a phrase (its code is what records store; its wording may be improved)."""
    if code in PHRASES and PHRASES[code].template != template:
        raise ValueError(f"phrase {code} is already defined with another wording")
    phrase = Phrase(code, template, fields)
    PHRASES[code] = phrase
    return phrase


def _stored(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_stored(v) for v in value]
    return str(value)


def render(item: Any) -> str:
    """A stored sentence in the active language; a legacy plain string as it was stored."""
    if isinstance(item, str):
        return item
    if not isinstance(item, Mapping):
        return ""
    phrase = PHRASES.get(str(item.get("code", "")))
    if phrase is None:
        return str(item.get("legacy", ""))
    try:
        return phrase.text(item.get("params") or {})
    except (KeyError, IndexError, TypeError, ValueError):
        return str(item.get("legacy", ""))


def render_all(items: Iterable[Any]) -> list[str]:
    return [render(item) for item in items or []]


def _regex(phrase: Phrase, greedy: frozenset[str]) -> re.Pattern[str]:
    out = []
    seen: set[str] = set()
    for part in re.split(r"({\w+})", phrase.template):
        m = re.fullmatch(r"{(\w+)}", part)
        if m is None:
            out.append(re.escape(part))
            continue
        name = m.group(1)
        if name in seen:
            out.append(f"(?P={name})")
            continue
        seen.add(name)
        pattern = phrase.fields.get(name, TEXT).pattern
        if name in greedy:
            pattern = pattern.removesuffix("?")
        out.append(f"(?P<{name}>{pattern})")
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def _readings(phrase: Phrase, text: str) -> Iterator[dict[str, Any]]:
    """Every way the sentence splits into this phrase's parameters: each free-text parameter
    shortest first, then longest (a description may hold the brackets that follow it)."""
    free = sorted(
        name
        for name in set(re.findall(r"{(\w+)}", phrase.template))
        if phrase.fields.get(name, TEXT).pattern == r".+?"
    )
    seen = []
    for size in range(len(free) + 1):
        for greedy in itertools.combinations(free, size):
            m = _regex(phrase, frozenset(greedy)).match(text)
            if m is None or m.groupdict() in seen:
                continue
            seen.append(m.groupdict())
            try:
                yield {
                    name: phrase.fields.get(name, TEXT).read(value)
                    for name, value in m.groupdict().items()
                }
            except ValueError:
                continue


def read_back(
    text: str,
    codes: Iterable[str],
    accept: Callable[[str, Mapping[str, Any]], bool] | None = None,
) -> dict[str, Any] | None:
    """The stored form of a sentence written in Chinese by one of these phrases, or None.

    Where the words split more than one way, ``accept(code, params)`` (what the caller knows,
    e.g. the programme's category names) picks the reading; without it, the first one."""
    for code in codes:
        for params in _readings(PHRASES[code], text):
            if accept is None or accept(code, params):
                return {"code": code, "params": params}
    return None
