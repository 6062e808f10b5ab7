"""The reviewers' queue of applications: filters, status counts and tabs, and the counts by
batch, division and zone on the review home. Every read starts from `visible_applications`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.enterprises.models import Application
from dxpilot.enterprises.selectors.applications import (
    TODO,
    S,
    enterprise_batches,
    visible_applications,
)
from dxpilot.programs.models import Program


@dataclass(frozen=True)
class QueueFilters:
    batch: str = ""
    status: str = ""  # "" = all, "todo" = waiting for the caller's role, or one status
    division: str = ""
    q: str = ""


def default_status(user: Any) -> str:
    return "todo" if scope_of(user).role in TODO else ""


def _filtered(user: Any, f: QueueFilters, *, with_status: bool) -> QuerySet[Application]:
    applications = visible_applications(user)
    if f.batch.isdigit():
        applications = applications.filter(batch_id=int(f.batch))
    if f.division.isdigit():
        applications = applications.filter(
            Q(enterprise__division_id=int(f.division)) | Q(enterprise__zone_id=int(f.division))
        )
    if f.q:
        applications = applications.filter(
            Q(enterprise__name__icontains=f.q) | Q(enterprise__credit_code=f.q.upper())
        )
    if with_status:
        if f.status == "todo":
            applications = applications.filter(status__in=TODO.get(scope_of(user).role or "", ()))
        elif f.status in S.values:
            applications = applications.filter(status=f.status)
    return applications


def application_queue(user: Any, f: QueueFilters) -> QuerySet[Application]:
    """Oldest submission first, so nobody waits longest; drafts (never submitted) last."""
    return _filtered(user, f, with_status=True).order_by("submitted_at", "pk")


def status_counts(user: Any, f: QueueFilters) -> dict[str, int]:
    """Counts per status under the other filters, in one aggregate query (plus the "to do" sum)."""
    aggregates = {status: Count("pk", filter=Q(status=status)) for status in S.values}
    counts: dict[str, int] = _filtered(user, f, with_status=False).aggregate(
        total=Count("pk"), **aggregates
    )
    counts["todo"] = sum(counts[s] for s in TODO.get(scope_of(user).role or "", ()))
    return counts


def queue_choices(user: Any, program: Program | None) -> dict[str, Any]:
    if program is None:
        return {"batches": [], "divisions": [], "statuses": S.choices}
    scope = scope_of(user)
    divisions = program.divisions.all()
    if scope.role == Role.DISTRICT_OFFICER:
        divisions = divisions.filter(pk__in=scope.division_ids)
    return {
        "batches": enterprise_batches(program),
        "divisions": list(divisions),
        "statuses": S.choices,
    }


def _matrix(rows: Sequence[Mapping[str, Any]], key: str, label: str) -> list[dict[str, Any]]:
    """Grouped (key, status, n) rows -> one row per key with a cell per status, in status order."""
    table: dict[Any, dict[str, Any]] = {}
    for row in rows:
        entry = table.setdefault(
            row[key], {"key": row[key], "label": row[label] or "—", "by_status": {}}
        )
        entry["by_status"][row["status"]] = row["n"]
    return [_row(entry["key"], entry["label"], entry["by_status"]) for entry in table.values()]


def _row(key: Any, label: str, by_status: dict[str, int]) -> dict[str, Any]:
    cells = [{"status": status, "count": by_status.get(status, 0)} for status in S.values]
    return {"key": key, "label": label, "cells": cells, "total": sum(c["count"] for c in cells)}


def counts_by_batch(user: Any) -> list[dict[str, Any]]:
    """Per batch × status, one grouped query."""
    rows = list(
        visible_applications(user)
        .values("batch_id", "batch__name", "status")
        .annotate(n=Count("pk"))
        .order_by("batch__opens_on", "batch_id")
    )
    return _matrix(rows, "batch_id", "batch__name")


def counts_by_division(user: Any, batch: str = "") -> list[dict[str, Any]]:
    """Per administrative division × status (optionally one batch), one grouped query."""
    applications = visible_applications(user)
    if batch.isdigit():
        applications = applications.filter(batch_id=int(batch))
    rows = list(
        applications.values("enterprise__division_id", "enterprise__division__name", "status")
        .annotate(n=Count("pk"))
        .order_by("enterprise__division__order", "enterprise__division_id")
    )
    return _matrix(rows, "enterprise__division_id", "enterprise__division__name")


def counts_by_zone(user: Any, batch: str = "") -> list[dict[str, Any]]:
    """Per development zone × status (zones are reported apart from divisions), one grouped query."""
    applications = visible_applications(user).filter(enterprise__zone__isnull=False)
    if batch.isdigit():
        applications = applications.filter(batch_id=int(batch))
    rows = list(
        applications.values("enterprise__zone_id", "enterprise__zone__name", "status")
        .annotate(n=Count("pk"))
        .order_by("enterprise__zone__order", "enterprise__zone_id")
    )
    return _matrix(rows, "enterprise__zone_id", "enterprise__zone__name")


def counts_total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    by_status = {
        status: sum(
            cell["count"] for row in rows for cell in row["cells"] if cell["status"] == status
        )
        for status in S.values
    }
    return _row("", _("合计"), by_status)


# Where it stands -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusTab:
    key: str  # the element id suffix
    value: str  # the `status` filter value
    label: str
    count: int


def status_tabs(user: Any, counts: dict[str, int]) -> list[StatusTab]:
    """The status filter as tabs with counts: "to do" (reviewers), all, then every status."""
    tabs = []
    if scope_of(user).role in TODO:
        tabs.append(StatusTab("todo", "todo", _("待我处理"), counts["todo"]))
    tabs.append(StatusTab("all", "", _("全部"), counts["total"]))
    tabs.extend(StatusTab(value, value, str(label), counts[value]) for value, label in S.choices)
    return tabs
