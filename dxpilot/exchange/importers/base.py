"""The row-validation framework every importer shares.

An importer declares its columns (header, aliases, parser, template help and validation list)
and implements `prepare` (bulk reads before checking), `check` (one row: every rule, every
error) and `write` (all rows, inside the caller's transaction). The framework reads the sheet,
parses cells, finds duplicate keys within the file and collects every error; it never writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from dxpilot.exchange.cells import CellError, display
from dxpilot.exchange.sheet import HeaderSpec, Layout, SheetReader, SheetRow

if TYPE_CHECKING:
    from dxpilot.accounts.models import User
    from dxpilot.programs.models import Program

Parser = Callable[[Any, str], Any]


@dataclass(frozen=True)
class Column:
    key: str
    # The Chinese header (a gettext_noop msgid): files in Chinese match whatever the UI language.
    header: str
    # A parser function, or the name of an importer method taking (value, header).
    parse: Parser | str
    required: bool = False  # the header must be in the file
    aliases: tuple[str, ...] = ()
    help: str = ""  # the header's comment in the downloadable template
    choices: str = ""  # name of a list in Importer.lists() for the template's drop-down
    text: bool = False  # template cells formatted as text (codes keep leading zeros)
    width: int = 16

    @property
    def label(self) -> str:
        return _(self.header)


@dataclass
class RowCheck:
    number: int
    raw: dict[str, Any]
    values: dict[str, Any]
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column key, message)
    payload: Any = None  # what `write` needs (resolved field values)


class StaleDataError(Exception):
    """The database changed between checking and writing; the import must be run again."""


@dataclass
class CheckResult:
    layout: Layout
    rows: list[RowCheck]
    skipped: list[int]

    @property
    def error_count(self) -> int:
        return sum(len(row.errors) for row in self.rows)


class Importer:
    do_not_call_in_templates = True  # pages list importer classes; templates must not call them
    key: ClassVar[str]
    label: ClassVar[str]
    sheet_title: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    roles: ClassVar[frozenset[str]]
    notes: ClassVar[tuple[str, ...]] = ()  # instructions for the template's 填写说明 sheet

    def __init__(self, program: Program, actor: User) -> None:
        self.program = program
        self.actor = actor
        self.by_key = {column.key: column for column in self.columns}
        # Resolved once: parse_row runs for every cell of the file.
        self.parsers: dict[str, tuple[Callable[[Any, str], Any], str]] = {
            c.key: (getattr(self, c.parse) if isinstance(c.parse, str) else c.parse, c.label)
            for c in self.columns
        }

    # --- to implement -------------------------------------------------------------------
    def lists(self) -> dict[str, list[str]]:
        """Drop-down lists for the template, by Column.choices name."""
        return {}

    def key_of(self, values: dict[str, Any]) -> str:
        """The row's identity for duplicate detection within the file ("" if it has none)."""
        return str(values.get(self.columns[0].key, ""))

    def prepare(self, rows: Sequence[RowCheck]) -> None:
        """Bulk reads for all rows at once (existing records, lookups)."""

    def check(self, row: RowCheck) -> None:
        """Append every broken rule to row.errors; set row.payload for `write`."""
        raise NotImplementedError

    def write(self, rows: Sequence[RowCheck]) -> list[tuple[int, str, str]]:
        """Write every row (inside the caller's transaction); return (row, outcome, subject)."""
        raise NotImplementedError

    # --- the framework ------------------------------------------------------------------
    def header_specs(self) -> list[HeaderSpec]:
        return [
            HeaderSpec(c.key, c.label, (c.header, *c.aliases), c.required) for c in self.columns
        ]

    def parse_row(self, row: SheetRow) -> RowCheck:
        check = RowCheck(number=row.number, raw=row.values, values={}, errors=list(row.problems))
        for key, raw in row.values.items():
            parse, label = self.parsers[key]
            try:
                check.values[key] = parse(raw, label)
            except CellError as exc:
                check.errors.append((key, str(exc)))
        return check

    def failed(self, row: RowCheck) -> set[str]:
        return {key for key, _message in row.errors}

    def check_file(
        self,
        path: str | Path,
        *,
        max_rows: int,
        on_progress: Callable[[str, int, int], None] | None = None,
    ) -> CheckResult:
        """Read, parse and check every row; raises sheet.FileRefusedError for a file-wide refusal."""
        rows: list[RowCheck] = []
        skipped: list[int] = []
        with SheetReader(path, self.header_specs(), self.sheet_title) as reader:
            estimate = reader.estimated_rows

            def read_progress(done: int) -> None:
                if on_progress is not None:
                    on_progress("reading", done, max(done, estimate))

            for item in reader.rows(max_rows=max_rows, on_progress=read_progress):
                if isinstance(item, int):
                    skipped.append(item)
                else:
                    rows.append(self.parse_row(item))
            layout = reader.layout
        assert layout is not None  # rows() raised FileRefusedError otherwise  # noqa: S101
        self.find_duplicates(rows)
        self.prepare(rows)
        for n, row in enumerate(rows, start=1):
            self.check(row)
            if on_progress is not None and n % 1000 == 0:
                on_progress("checking", n, len(rows))
        return CheckResult(layout=layout, rows=rows, skipped=skipped)

    def find_duplicates(self, rows: Sequence[RowCheck]) -> None:
        key_column = self.columns[0]
        first: dict[str, RowCheck] = {}
        for row in rows:
            key = self.key_of(row.values)
            if not key:
                continue
            earlier = first.setdefault(key, row)
            if earlier is row:
                continue
            message = _("{column}“{value}”在第 {a} 行和第 {b} 行重复，同一条记录只能出现一次。")
            text = message.format(
                column=key_column.label, value=key, a=earlier.number, b=row.number
            )
            for duplicate in (earlier, row):
                if (key_column.key, text) not in duplicate.errors:
                    duplicate.errors.append((key_column.key, text))

    def cell_text(self, row: RowCheck, key: str) -> str:
        return display(row.raw[key])[:200] if key in row.raw else ""


def choice_spellings(choices: type[models.TextChoices]) -> dict[str, str]:
    """Stored value and label, in Chinese and in the current language -> stored value."""
    spellings = {value: value for value in choices.values}
    for language in ("zh-hans", translation.get_language()):
        with translation.override(language):
            spellings.update((str(label), value) for value, label in choices.choices)
    return spellings
