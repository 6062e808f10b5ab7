"""Parks reads and their data scope.

- `visible_parks(user)`: the city admin and the finance office see every park of the programme;
  a district officer the parks lying in their divisions (zones included); nobody else.
- `visible_events(user)`: the events of the visible parks.
- `managed_parks(user)` / `can_manage`: the parks a user may change (city admin: all; a district
  officer: those of their divisions). The finance office only reads.
- `held_events(program_id, user)`: what the `park_events` metric counts, within the same scope.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.parks.models import EventKind, EventStatus, Park, ParkEvent, ParkEventPhoto
from dxpilot.programs.models import Program

# Officials who manage parks and events (the finance office only reads).
ORGANISERS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})
READERS = ORGANISERS | {Role.FINANCE_OFFICER}
PAGE_SIZE = 50


def visible_parks(user: Any) -> QuerySet[Park]:
    scope = scope_of(user)
    parks = Park.objects.select_related("division", "segment")
    if scope.programme_wide:
        return parks
    if scope.role == Role.DISTRICT_OFFICER:
        return parks.filter(division__in=scope.division_ids)
    return parks.none()


def get_park_for_user(user: Any, pk: int) -> Park:
    try:
        return visible_parks(user).get(pk=pk)
    except (Park.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该园区，或您无权查看。")) from None


def can_manage(user: Any, park: Park) -> bool:
    scope = scope_of(user)
    if scope.role == Role.CITY_ADMIN:
        return True
    return scope.role == Role.DISTRICT_OFFICER and park.division_id in scope.division_ids


def managed_parks(user: Any) -> QuerySet[Park]:
    """The parks `user` may change and schedule events for."""
    scope = scope_of(user)
    if scope.role == Role.CITY_ADMIN:
        return visible_parks(user)
    if scope.role == Role.DISTRICT_OFFICER:
        return visible_parks(user).filter(division__in=scope.division_ids)
    return Park.objects.none()


def visible_events(user: Any) -> QuerySet[ParkEvent]:
    events = ParkEvent.objects.select_related("park__division", "park__segment")
    return events.filter(park__in=visible_parks(user).values("pk"))


def get_event_for_user(user: Any, pk: int) -> ParkEvent:
    try:
        return visible_events(user).get(pk=pk)
    except (ParkEvent.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该园区活动，或您无权查看。")) from None


def get_photo_for_user(user: Any, pk: int) -> ParkEventPhoto:
    try:
        return ParkEventPhoto.objects.select_related("event").get(
            pk=pk, event__in=visible_events(user).values("pk")
        )
    except (ParkEventPhoto.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该照片，或您无权查看。")) from None


# --- lists ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParkRow:
    park: Park
    enterprises: int
    events_held: int
    events_scheduled: int


def park_rows(user: Any, program: Program | None) -> list[ParkRow]:
    """Parks with their enterprise and event counts, in one query."""
    parks = visible_parks(user)
    if program is not None:
        parks = parks.filter(program=program)
    parks = parks.annotate(
        n_enterprises=Count("enterprises", distinct=True),
        n_held=Count("events", filter=Q(events__status=EventStatus.HELD), distinct=True),
        n_scheduled=Count("events", filter=Q(events__status=EventStatus.SCHEDULED), distinct=True),
    ).order_by("-is_pilot", "name", "pk")
    return [ParkRow(p, p.n_enterprises, p.n_held, p.n_scheduled) for p in parks]


@dataclass(frozen=True)
class EventFilters:
    park: int | None = None
    kind: str = ""
    status: str = ""
    year: int | None = None
    division: int | None = None

    @classmethod
    def parse(cls, data: Any) -> EventFilters:
        """Filters from a query string; a value that is not one is ignored (shows everything)."""

        def number(name: str) -> int | None:
            value = str(data.get(name, "") or "").strip()
            return int(value) if value.isdigit() and len(value) <= 12 else None

        kind = str(data.get("kind", "") or "")
        status = str(data.get("status", "") or "")
        return cls(
            park=number("park"),
            kind=kind if kind in EventKind.values else "",
            status=status if status in EventStatus.values else "",
            year=number("year"),
            division=number("division"),
        )

    def as_query(self) -> dict[str, str]:
        values = {
            "park": self.park,
            "kind": self.kind,
            "status": self.status,
            "year": self.year,
            "division": self.division,
        }
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


def search_events(user: Any, filters: EventFilters) -> QuerySet[ParkEvent]:
    """The visible events matching the list page's filters (the page, its export and the API)."""
    events = visible_events(user).annotate(n_photos=Count("photos"))
    if filters.park is not None:
        events = events.filter(park_id=filters.park)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.status:
        events = events.filter(status=filters.status)
    if filters.year is not None:
        events = events.filter(held_on__year=filters.year)
    if filters.division is not None:
        events = events.filter(park__division_id=filters.division)
    return events.order_by("-held_on", "pk")


def event_photos(event: ParkEvent) -> list[ParkEventPhoto]:
    return list(event.photos.order_by("uploaded_at", "pk"))


# --- calendar ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    date: date
    in_month: bool
    is_today: bool
    events: list[ParkEvent]


@dataclass(frozen=True)
class Month:
    first: date
    weeks: list[list[Day]]
    previous: date
    next: date
    count: int


def default_month(program: Program | None) -> date:
    """This month, or the nearest month of the programme period when today lies outside it."""
    today = timezone.localdate()
    if program is not None:
        today = min(max(today, program.starts_on), program.ends_on)
    return today.replace(day=1)


def parse_month(value: str, program: Program | None) -> date:
    """'YYYY-MM' to the first day of that month; anything else is the default month."""
    try:
        year, month = (int(part) for part in value.split("-", 1))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return default_month(program)


def month_calendar(user: Any, first: date, filters: EventFilters | None = None) -> Month:
    """A month grid (Monday first, whole weeks) with the visible events of each day: one query."""
    first = first.replace(day=1)
    weeks_raw = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks_raw[0][0], weeks_raw[-1][-1]
    events = search_events(user, filters or EventFilters()).filter(
        held_on__gte=start, held_on__lte=end
    )
    by_day: dict[date, list[ParkEvent]] = {}
    for event in events.order_by("held_on", "pk"):
        by_day.setdefault(event.held_on, []).append(event)
    today = timezone.localdate()
    weeks = [
        [Day(d, d.month == first.month, d == today, by_day.get(d, [])) for d in week]
        for week in weeks_raw
    ]
    last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    in_month = sum(len(v) for d, v in by_day.items() if d.month == first.month)
    return Month(
        first=first,
        weeks=weeks,
        previous=(first - timedelta(days=1)).replace(day=1),
        next=last + timedelta(days=1),
        count=in_month,
    )


# --- figures ----------------------------------------------------------------------------------


def programme_parks(program_id: int, user: Any) -> QuerySet[Park]:
    """Parks the KPIs count for `user`: programme-wide roles every park, a district officer those
    of their divisions, no viewer (the command line) every park."""
    parks = Park.objects.filter(program_id=program_id)
    if user is None:
        return parks
    scope = scope_of(user)
    if scope.programme_wide:
        return parks
    if scope.role == Role.DISTRICT_OFFICER:
        return parks.filter(division__in=scope.division_ids)
    return parks.none()


def held_events(program_id: int, user: Any) -> QuerySet[ParkEvent]:
    return ParkEvent.objects.filter(
        park__in=programme_parks(program_id, user).values("pk"), status=EventStatus.HELD
    )


def counted_year(program: Program) -> int:
    """The programme year a yearly target is measured in: this year, or the nearest year of the
    programme period once it has ended (or before it starts)."""
    year = timezone.localdate().year
    return min(max(year, program.starts_on.year), program.ends_on.year)


def held_per_year(program: Program, user: Any) -> dict[int, int]:
    """Held events per programme year (every year of the period, zero included): one query."""
    rows = (
        held_events(program.pk, user)
        .filter(held_on__gte=program.starts_on, held_on__lte=program.ends_on)
        .values_list("held_on__year")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(range(program.starts_on.year, program.ends_on.year + 1), 0)
    for year, n in rows:
        counts[year] = n
    return counts
