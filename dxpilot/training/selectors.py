"""Training reads and their data scope.

- `visible_sessions(user)`: the city admin and the finance office see every session of the
  programme; a district officer the sessions hosted in their divisions; an enterprise the
  sessions its own staff registered for. Courses are a catalogue every official and enterprise
  reads.
- `visible_registrations(user)` / `visible_attendances(user)`: those of the visible sessions;
  an enterprise sees only its own staff.
- A trainee's identifier is shown in full only to the officials who organise training (city
  admin, district officer in scope); every other reader sees it masked (`shown_identifier`).
- `distinct_trained(attendances)`: people counted once, by the blind index of their identifier.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.engine import load_indicator_set
from dxpilot.assessment.engine.types import Dimension, SubDimension
from dxpilot.assessment.models import Assessment
from dxpilot.core.masking import mask_phone, mask_text
from dxpilot.enterprises.models import Enterprise
from dxpilot.training.models import (
    Attendance,
    Course,
    IdentifierKind,
    Registration,
    Session,
    Trainee,
)

# Officials who schedule sessions and record attendance (the finance office only reads).
ORGANISERS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})
OFFICIALS = ORGANISERS | {Role.FINANCE_OFFICER}
READERS = OFFICIALS | {Role.ENTERPRISE}
# A sub-dimension or dimension scoring below this share of its maximum is weak.
WEAK_SHARE = Decimal("0.6")


def visible_courses(user: Any) -> QuerySet[Course]:
    courses = Course.objects.select_related("platform")
    if scope_of(user).role not in READERS:
        return courses.none()
    return courses


def get_course_for_user(user: Any, pk: int) -> Course:
    try:
        return visible_courses(user).get(pk=pk)
    except (Course.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该课程，或您无权查看。")) from None


def visible_sessions(user: Any) -> QuerySet[Session]:
    scope = scope_of(user)
    sessions = Session.objects.select_related("course", "division")
    if scope.role in (Role.CITY_ADMIN, Role.FINANCE_OFFICER):
        return sessions
    if scope.role == Role.DISTRICT_OFFICER:
        return sessions.filter(division__in=scope.division_ids)
    if scope.role == Role.ENTERPRISE and scope.enterprise_id is not None:
        return sessions.filter(registrations__trainee__enterprise_id=scope.enterprise_id).distinct()
    return sessions.none()


def managed_sessions(user: Any) -> QuerySet[Session]:
    """The sessions `user` may change (schedule, register people, record attendance)."""
    scope = scope_of(user)
    if scope.role == Role.CITY_ADMIN:
        return Session.objects.all()
    if scope.role == Role.DISTRICT_OFFICER:
        return Session.objects.filter(division__in=scope.division_ids)
    return Session.objects.none()


def get_session_for_user(user: Any, pk: int) -> Session:
    try:
        return visible_sessions(user).select_related("course__platform").get(pk=pk)
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该培训场次，或您无权查看。")) from None


def can_manage(user: Any, session: Session) -> bool:
    scope = scope_of(user)
    if scope.role == Role.CITY_ADMIN:
        return True
    return scope.role == Role.DISTRICT_OFFICER and session.division_id in scope.division_ids


def visible_registrations(user: Any) -> QuerySet[Registration]:
    scope = scope_of(user)
    rows = Registration.objects.select_related("trainee__enterprise", "session__course")
    rows = rows.filter(session__in=visible_sessions(user).values("pk"))
    if scope.role == Role.ENTERPRISE:
        rows = rows.filter(trainee__enterprise_id=scope.enterprise_id or 0)
    return rows


def visible_attendances(user: Any) -> QuerySet[Attendance]:
    scope = scope_of(user)
    rows = Attendance.objects.select_related("trainee__enterprise", "session__course")
    rows = rows.filter(session__in=visible_sessions(user).values("pk"))
    if scope.role == Role.ENTERPRISE:
        rows = rows.filter(trainee__enterprise_id=scope.enterprise_id or 0)
    return rows


def get_attendance_for_user(user: Any, pk: int) -> Attendance:
    try:
        return visible_attendances(user).select_related("session__division").get(pk=pk)
    except (Attendance.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该出勤记录，或您无权查看。")) from None


def sees_identifier(user: Any, session: Session | None = None) -> bool:
    """Whether `user` sees trainees' identifiers in full (else masked)."""
    scope = scope_of(user)
    if scope.role == Role.CITY_ADMIN:
        return True
    if scope.role == Role.DISTRICT_OFFICER:
        return session is None or session.division_id in scope.division_ids
    return False


def mask_identifier(trainee: Trainee) -> str:
    if trainee.identifier_kind == IdentifierKind.MOBILE:
        return mask_phone(trainee.identifier)
    return mask_text(trainee.identifier)


def shown_identifier(user: Any, trainee: Trainee, session: Session | None = None) -> str:
    return trainee.identifier if sees_identifier(user, session) else mask_identifier(trainee)


@dataclass(frozen=True)
class SessionRow:
    session: Session
    registered: int
    attended: int


def session_rows(user: Any, *, course_id: int | None = None) -> list[SessionRow]:
    """Sessions with their registration and attendance counts, in one query."""
    sessions = visible_sessions(user)
    if course_id is not None:
        sessions = sessions.filter(course_id=course_id)
    sessions = sessions.annotate(
        n_registered=Count("registrations", distinct=True),
        n_attended=Count("attendances", distinct=True),
    ).order_by("-held_on", "pk")
    return [SessionRow(s, s.n_registered, s.n_attended) for s in sessions]


def session_people(user: Any, session: Session) -> list[dict[str, Any]]:
    """The registered people of a session, whether they attended, identifiers as `user` may see
    them (two queries whatever the number of people)."""
    registrations = visible_registrations(user).filter(session=session).order_by("pk")
    attended = dict(Attendance.objects.filter(session=session).values_list("trainee_id", "pk"))
    full = sees_identifier(user, session)
    return [
        {
            "registration": r,
            "trainee": r.trainee,
            "identifier": r.trainee.identifier if full else mask_identifier(r.trainee),
            "attendance_id": attended.get(r.trainee_id),
        }
        for r in registrations
    ]


# --- figures ----------------------------------------------------------------------------------


def distinct_trained(attendances: QuerySet[Attendance]) -> int:
    """People who attended at least one session, each counted once (by blind index)."""
    return int(attendances.aggregate(n=Count("person_index", distinct=True))["n"])


def person_times(attendances: QuerySet[Attendance]) -> int:
    """Attendances (人次): one per person per session attended."""
    return attendances.count()


def programme_attendances(program_id: int, user: Any) -> QuerySet[Attendance]:
    """Attendances the KPI counts for `user`: the programme-wide roles count every session, a
    district officer the sessions of their divisions."""
    scope = scope_of(user)
    rows = Attendance.objects.filter(session__course__program_id=program_id)
    if scope.programme_wide:
        return rows
    if scope.role == Role.DISTRICT_OFFICER:
        return rows.filter(session__division__in=scope.division_ids)
    return rows.none()


# --- link to diagnosis ------------------------------------------------------------------------


def weak_dimensions(enterprise: Enterprise) -> list[str]:
    """Codes of the dimensions and sub-dimensions the enterprise's latest scored assessment
    shows as weak (below WEAK_SHARE of their maximum); empty without a scored assessment."""
    latest = (
        Assessment.objects.filter(enterprise=enterprise, result__isnull=False)
        .exclude(status=Assessment.Status.DRAFT)
        .order_by("-created_at", "-pk")
        .only("edition", "result")
        .first()
    )
    if latest is None or not isinstance(latest.result, dict):
        return []
    try:
        iset = load_indicator_set(latest.edition)
    except Exception:
        return []
    scores = {**latest.result.get("dimensions", {}), **latest.result.get("subdimensions", {})}
    weak = []
    for dim in iset.dimensions:
        units: list[Dimension | SubDimension] = [dim, *dim.subdimensions]
        for unit in units:
            # The stored result keys dimensions by name (older rows may key them by code).
            score = scores.get(unit.name, scores.get(unit.code))
            if (
                score is not None
                and unit.max_score
                and (Decimal(str(score)) < unit.max_score * WEAK_SHARE)
            ):
                weak.append(unit.code)
    return weak


def courses_for_enterprise(user: Any, enterprise: Enterprise) -> tuple[list[str], list[Course]]:
    """The weak codes of the enterprise's diagnosis and the courses addressing any of them."""
    weak = weak_dimensions(enterprise)
    if not weak:
        return [], []
    courses = visible_courses(user).filter(program_id=enterprise.program_id)
    offered = [c for c in courses if set(c.dimensions) & set(weak)]
    return weak, offered


def dimension_labels(codes: list[str], edition: str = "2024") -> list[str]:
    labels = dict(dimension_choices(edition))
    return [labels.get(code, code) for code in codes]


@dataclass(frozen=True)
class CourseRow:
    course: Course
    sessions: int
    attended: int


def course_rows(user: Any, program: Any) -> list[CourseRow]:
    """Courses with their session and attendance counts, in one query."""
    courses = visible_courses(user)
    if program is not None:
        courses = courses.filter(program=program)
    sessions = visible_sessions(user).values("pk")
    courses = courses.annotate(
        n_sessions=Count("sessions", filter=Q(sessions__in=sessions), distinct=True),
        n_attended=Count("sessions__attendances", filter=Q(sessions__in=sessions), distinct=True),
    ).order_by("title", "pk")
    return [CourseRow(c, c.n_sessions, c.n_attended) for c in courses]


def dimension_choices(edition: str = "2024") -> list[tuple[str, str]]:
    iset = load_indicator_set(edition)
    choices: list[tuple[str, str]] = []
    for dim in iset.dimensions:
        choices.append((dim.code, f"{dim.code} {dim.name}"))
        choices.extend((sub.code, f"{sub.code} {sub.name}") for sub in dim.subdimensions)
    return choices
