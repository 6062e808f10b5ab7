"""Exports: a scoped queryset turned into rows, written by `core.xlsx.write_xlsx` (XlsxWriter in
constant-memory mode, text cells protected against formula injection)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from django.db.models import QuerySet

from dxpilot.core.xlsx import FORMULA_TRIGGERS as FORMULA_TRIGGERS
from dxpilot.core.xlsx import PROGRESS_EVERY as PROGRESS_EVERY
from dxpilot.core.xlsx import ExportColumn as ExportColumn
from dxpilot.core.xlsx import needs_quote as needs_quote
from dxpilot.core.xlsx import write_xlsx as write_xlsx

if TYPE_CHECKING:
    from dxpilot.accounts.models import User


class Exporter:
    do_not_call_in_templates = True
    key: ClassVar[str]
    label: ClassVar[str]
    roles: ClassVar[frozenset[str]]
    columns: ClassVar[tuple[ExportColumn, ...]]
    # Filters the list page passes along (name -> accepted), e.g. the enterprise list's q/division.
    filter_names: ClassVar[tuple[str, ...]] = ()

    def queryset(self, user: User, filters: dict[str, str]) -> QuerySet[Any]:
        raise NotImplementedError

    def rows(self, queryset: QuerySet[Any], *, masked: bool) -> Iterator[Sequence[Any]]:
        raise NotImplementedError
