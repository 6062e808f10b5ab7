"""Parks, park events and the event calendar (officials; the finance office reads)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor_of
from dxpilot.core.http import is_htmx
from dxpilot.parks import selectors, services
from dxpilot.parks.forms import (
    CancelForm,
    EventFilterForm,
    EventForm,
    HeldForm,
    ParkForm,
    PhotoForm,
)
from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program
from dxpilot.projects import storage

# The service names the park's enterprises; the form takes them as credit codes.
PARK_FIELD_MAP = {"enterprises": "enterprise_codes"}


def _program() -> Program:
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    return program


def _require_reader(request: HttpRequest) -> None:
    if scope_of(request.user).role not in selectors.READERS:
        raise PermissionDenied(_("园区信息仅对主管部门开放。"))


def _require_organiser(request: HttpRequest) -> None:
    if scope_of(request.user).role not in selectors.ORGANISERS:
        raise PermissionDenied(_("只有市级管理员和区县主管部门可以管理园区和园区活动。"))


def _is_organiser(request: HttpRequest) -> bool:
    return scope_of(request.user).role in selectors.ORGANISERS


@login_required
@require_GET
def park_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    context = {
        "rows": selectors.park_rows(request.user, current_program()),
        "is_organiser": _is_organiser(request),
        "current": "parks",
    }
    return render(request, "parks/park_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def park_new(request: HttpRequest) -> HttpResponse:
    _require_organiser(request)
    program = _program()
    form = ParkForm(request.POST or None, program=program, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            park = services.register_park(program, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc, PARK_FIELD_MAP)
        else:
            messages.success(request, _("已登记园区“{name}”。").format(name=park.name))
            return redirect("parks:park", pk=park.pk)
    return render(request, "parks/park_form.html", {"form": form, "park": None})


@login_required
@require_http_methods(["GET", "POST"])
def park_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request)
    park = selectors.get_park_for_user(request.user, pk)
    if not selectors.can_manage(request.user, park):
        raise PermissionDenied(_("该园区不在您的管辖范围内。"))
    form = ParkForm(
        request.POST or None,
        initial=ParkForm.initial_for(park),
        program=park.program,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_park(park.pk, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc, PARK_FIELD_MAP)
        else:
            messages.success(request, _("已保存园区信息。"))
            return redirect("parks:park", pk=park.pk)
    return render(request, "parks/park_form.html", {"form": form, "park": park})


@login_required
@require_GET
def park_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    park = selectors.get_park_for_user(request.user, pk)
    enterprises = park.enterprises.select_related("division", "segment").order_by("name", "pk")
    context = {
        "park": park,
        "enterprises": Paginator(enterprises, selectors.PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "events": selectors.search_events(request.user, selectors.EventFilters(park=park.pk))[:20],
        "manage": selectors.can_manage(request.user, park),
    }
    return render(request, "parks/park_detail.html", context)


def _filter_form(request: HttpRequest, filters: selectors.EventFilters) -> EventFilterForm:
    program = current_program()
    parks = list(selectors.visible_parks(request.user).order_by("name").values_list("pk", "name"))
    years = list(range(program.starts_on.year, program.ends_on.year + 1)) if program else []
    return EventFilterForm(filters.as_query(), parks=parks, years=years)


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    filters = selectors.EventFilters.parse(request.GET)
    events = selectors.search_events(request.user, filters)
    page = Paginator(events, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = "".join(f"{k}={v}&" for k, v in filters.as_query().items())
    context = {
        "page_obj": page,
        "events": page,
        "query": query,
        "filter_form": _filter_form(request, filters),
        "is_organiser": _is_organiser(request),
        "current": "events",
    }
    return render(request, "parks/event_list.html", context)


@login_required
@require_GET
def event_calendar(request: HttpRequest) -> HttpResponse:
    """The month grid; month navigation asks HTMX for the same partial."""
    _require_reader(request)
    filters = selectors.EventFilters.parse(request.GET)
    first = selectors.parse_month(request.GET.get("month", ""), current_program())
    context = {
        "month": selectors.month_calendar(request.user, first, filters),
        "extra": "".join(f"&{k}={v}" for k, v in filters.as_query().items()),
        "is_organiser": _is_organiser(request),
        "current": "calendar",
    }
    if is_htmx(request):
        return render(request, "parks/partials/calendar.html", context)
    return render(request, "parks/event_calendar.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    _require_organiser(request)
    initial = {"park": request.GET.get("park"), "held_on": request.GET.get("date")}
    form = EventForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.schedule_event(form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已安排园区活动“{title}”。").format(title=event.title))
            return redirect("parks:event", pk=event.pk)
    return render(request, "parks/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request)
    event = selectors.get_event_for_user(request.user, pk)
    if not selectors.can_manage(request.user, event.park):
        raise PermissionDenied(_("该园区不在您的管辖范围内。"))
    form = EventForm(request.POST or None, initial=EventForm.initial_for(event), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(event.pk, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已保存园区活动。"))
            return redirect("parks:event", pk=event.pk)
    return render(request, "parks/event_form.html", {"form": form, "event": event})


def _event_page(request: HttpRequest, pk: int, **forms: object) -> HttpResponse:
    event = selectors.get_event_for_user(request.user, pk)
    manage = selectors.can_manage(request.user, event.park)
    context = {
        "event": event,
        "photos": selectors.event_photos(event),
        "manage": manage,
        "held_form": forms.get("held_form") or HeldForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "photo_form": forms.get("photo_form") or PhotoForm(),
    }
    return render(request, "parks/event_detail.html", context)


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    return _event_page(request, pk)


@login_required
@require_POST
def event_held(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request)
    event = selectors.get_event_for_user(request.user, pk)
    form = HeldForm(request.POST)
    if form.is_valid():
        try:
            services.mark_held(
                event.pk,
                actual_attendance=form.cleaned_data["actual_attendance"],
                actor=actor_of(request),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已登记活动已举办。"))
            return redirect("parks:event", pk=event.pk)
    return _event_page(request, pk, held_form=form)


@login_required
@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request)
    event = selectors.get_event_for_user(request.user, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_event(
                event.pk, reason=form.cleaned_data["cancel_reason"], actor=actor_of(request)
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已取消该活动。"))
            return redirect("parks:event", pk=event.pk)
    return _event_page(request, pk, cancel_form=form)


@login_required
@require_POST
def event_photo(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request)
    event = selectors.get_event_for_user(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_photo(event.pk, form.cleaned_data["photo"], actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已上传活动照片。"))
            return redirect("parks:event", pk=event.pk)
    return _event_page(request, pk, photo_form=form)


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    _require_reader(request)
    item = selectors.get_photo_for_user(request.user, pk)
    response = FileResponse(storage.open_blob(item.storage_name), filename=item.original_name)
    response["Content-Type"] = item.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
