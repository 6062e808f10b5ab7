"""The parks API (/api/v1/parks): parks and their events, read-only, in the caller's scope (the
same selectors as the pages: a district officer's token reaches the parks of their divisions)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.accounts.scope import scope_of
from dxpilot.parks import selectors
from dxpilot.parks.models import Park, ParkEvent
from dxpilot.parks.schemas import EventOut, EventPage, ParkOut

router = Router(tags=["parks"])
MAX_PAGE_SIZE = 100


def _require_reader(request: HttpRequest) -> None:
    require_scope(request, ApiToken.Scope.PARKS_READ)
    if scope_of(request.user).role not in selectors.READERS:
        raise PermissionDenied(_("园区信息仅对主管部门开放。"))


def _parks(request: HttpRequest) -> QuerySet[Park]:
    return selectors.visible_parks(request.user).annotate(
        n_enterprises=Count("enterprises", distinct=True)
    )


@router.get("", response=list[ParkOut], summary="Parks in the caller's scope")
def list_parks(request: HttpRequest) -> list[Park]:
    _require_reader(request)
    return list(_parks(request).order_by("name", "pk"))


class EventFiltersIn(Schema):
    park: int | None = None
    kind: str = ""
    status: str = ""
    year: int | None = None
    page: int = 1
    page_size: int = 50


@router.get("/events", response=EventPage, summary="Park events in the caller's scope")
def list_events(request: HttpRequest, filters: Query[EventFiltersIn]) -> dict[str, object]:
    _require_reader(request)
    parsed = selectors.EventFilters.parse(filters.dict())
    events = selectors.search_events(request.user, parsed)
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    page = Paginator(events, size).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": size,
        "items": list(page),
    }


@router.get("/events/{int:event_id}", response=EventOut, summary="One event (404 if out of scope)")
def get_event(request: HttpRequest, event_id: int) -> ParkEvent:
    _require_reader(request)
    events = selectors.search_events(request.user, selectors.EventFilters())
    try:
        return events.get(pk=event_id)
    except ParkEvent.DoesNotExist:
        raise Http404(_("没有找到该园区活动，或您无权查看。")) from None


@router.get("/{int:park_id}", response=ParkOut, summary="One park (404 if out of scope)")
def get_park(request: HttpRequest, park_id: int) -> Park:
    _require_reader(request)
    try:
        return _parks(request).get(pk=park_id)
    except Park.DoesNotExist:
        raise Http404(_("没有找到该园区，或您无权查看。")) from None
