"""Courses, sessions, registration and attendance pages (officials; enterprises read theirs)."""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor_of
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program
from dxpilot.training import docx, selectors, services
from dxpilot.training.forms import CourseForm, RegistrationForm, SessionForm


def _program() -> Program:
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    return program


def _require_reader(request: HttpRequest) -> None:
    if scope_of(request.user).role not in selectors.READERS:
        raise PermissionDenied(_("培训信息仅对主管部门和企业开放。"))


def _require_organiser(request: HttpRequest) -> None:
    if scope_of(request.user).role not in selectors.ORGANISERS:
        raise PermissionDenied(_("只有市级管理员和区县主管部门可以管理培训。"))


def _is_organiser(request: HttpRequest) -> bool:
    return scope_of(request.user).role in selectors.ORGANISERS


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    program = current_program()
    courses = selectors.course_rows(request.user, program)
    attendances = selectors.programme_attendances(program.pk, request.user) if program else None
    context = {
        "courses": courses,
        "sessions": selectors.session_rows(request.user)[:50],
        "trained": selectors.distinct_trained(attendances) if attendances is not None else 0,
        "person_times": selectors.person_times(attendances) if attendances is not None else 0,
        "is_organiser": _is_organiser(request),
    }
    return render(request, "training/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    _require_organiser(request)
    program = _program()
    form = CourseForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.create_course(program, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已新增课程“{title}”。").format(title=course.title))
            return redirect("training:course", pk=course.pk)
    return render(request, "training/course_form.html", {"form": form, "course": None})


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request)
    course = selectors.get_course_for_user(request.user, pk)
    form = CourseForm(
        request.POST or None, initial=CourseForm.initial_for(course), program=course.program
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_course(course.pk, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已保存课程。"))
            return redirect("training:course", pk=course.pk)
    return render(request, "training/course_form.html", {"form": form, "course": course})


@login_required
@require_GET
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    course = selectors.get_course_for_user(request.user, pk)
    context = {
        "course": course,
        "dimensions": selectors.dimension_labels(course.dimensions),
        "sessions": selectors.session_rows(request.user, course_id=course.pk),
        "is_organiser": _is_organiser(request),
    }
    return render(request, "training/course_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request)
    course = selectors.get_course_for_user(request.user, pk)
    form = SessionForm(request.POST or None, program=course.program, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.schedule_session(form.to_data(course.pk), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已安排培训场次。"))
            return redirect("training:session", pk=session.pk)
    context = {"form": form, "course": course, "session": None}
    return render(request, "training/session_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request)
    session = selectors.get_session_for_user(request.user, pk)
    form = SessionForm(
        request.POST or None,
        initial=SessionForm.initial_for(session),
        program=session.course.program,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(
                session.pk, form.to_data(session.course_id), actor=actor_of(request)
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已保存培训场次。"))
            return redirect("training:session", pk=session.pk)
    context = {"form": form, "course": session.course, "session": session}
    return render(request, "training/session_form.html", context)


def _registration_form(request: HttpRequest, session_program_id: int) -> RegistrationForm:
    enterprises = list(
        visible_enterprises(request.user)
        .filter(program_id=session_program_id)
        .order_by("name")
        .values_list("pk", "name")
    )
    return RegistrationForm(request.POST or None, enterprises=enterprises)


def _session_page(
    request: HttpRequest, pk: int, form: RegistrationForm | None = None
) -> HttpResponse:
    session = selectors.get_session_for_user(request.user, pk)
    manage = selectors.can_manage(request.user, session)
    people = selectors.session_people(request.user, session)
    if manage and form is None:
        form = _registration_form(request, session.course.program_id)
    context = {
        "session": session,
        "people": people,
        "registered": len(people),
        "attended": sum(1 for p in people if p["attendance_id"]),
        "manage": manage,
        "form": form,
        # The sign-in sheet is imported on the exchange page (template, annotated report).
        "sign_in_url": reverse("exchange:home") if manage else "",
    }
    return render(request, "training/session_detail.html", context)


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    return _session_page(request, pk)


@login_required
@require_POST
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request)
    session = selectors.get_session_for_user(request.user, pk)
    form = _registration_form(request, session.course.program_id)
    if form.is_valid():
        try:
            services.register(session.pk, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已报名。"))
            return redirect("training:session", pk=session.pk)
    return _session_page(request, pk, form)


@login_required
@require_POST
def session_attend(request: HttpRequest, pk: int) -> HttpResponse:
    _require_organiser(request)
    session = selectors.get_session_for_user(request.user, pk)
    try:
        ids = [int(v) for v in request.POST.getlist("trainee")]
    except ValueError:
        ids = []
    try:
        rows = services.record_attendance(session.pk, ids, actor=actor_of(request))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("已记录 {n} 人出勤。").format(n=len(rows)))
    return redirect("training:session", pk=session.pk)


@login_required
@require_GET
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    attendance = selectors.get_attendance_for_user(request.user, pk)
    context = {
        "attendance": attendance,
        "session": attendance.session,
        "trainee": attendance.trainee,
    }
    return render(request, "training/certificate.html", context)


@login_required
@require_GET
def certificate_docx(request: HttpRequest, pk: int) -> HttpResponseBase:
    _require_reader(request)
    attendance = selectors.get_attendance_for_user(request.user, pk)
    content = docx.certificate_docx(attendance)
    filename = f"certificate-{attendance.certificate_number}.docx"
    return FileResponse(
        BytesIO(content), as_attachment=True, filename=filename, content_type=docx.CONTENT_TYPE
    )
