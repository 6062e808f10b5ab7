"""Training writes: keyword-only `actor`, one transaction, an audit entry, and refusals as a
ValidationError naming every problem (the database is left unchanged).

Who may write what:
- courses: the city admin and district officers (the catalogue is shared by the programme);
- sessions, registrations and attendance: the city admin, or a district officer for a session
  hosted in one of their divisions.
A registration is refused once the session is full; attendance is recorded for registered people
only, never for a session in the future, and once per person per session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import Event, record, record_many, snapshot
from dxpilot.core.crypto import blind_index
from dxpilot.core.validation import Rule, fold, text_rule, validate
from dxpilot.enterprises.models import Enterprise
from dxpilot.platforms.models import Platform
from dxpilot.programs.models import Division, Program
from dxpilot.training.models import (
    Attendance,
    AttendanceSource,
    Audience,
    Course,
    CourseKind,
    IdentifierKind,
    Registration,
    Session,
    Trainee,
)
from dxpilot.training.selectors import ORGANISERS, can_manage, dimension_choices

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

COURSE_FIELDS = ("title", "kind", "platform_id", "url", "summary", "dimensions")
SESSION_FIELDS = ("held_on", "place", "organiser", "capacity", "audience", "division_id")

COURSE_RULES = {
    "title": text_rule(Course, "title", required=True),
    "summary": text_rule(Course, "summary", multiline=True, max_length=2000),
}
SESSION_RULES = {
    "place": text_rule(Session, "place", required=True),
    "organiser": text_rule(Session, "organiser", required=True),
}
TRAINEE_RULES = {
    "name": text_rule(Trainee, "name", required=True),
    "identifier": Rule(_("手机号码或身份证号码"), kind="key", max_length=18, required=True),
}


@dataclass
class CourseData:
    title: str
    kind: str
    dimensions: Sequence[str] = field(default_factory=tuple)
    platform_id: int | None = None
    url: str = ""
    summary: str = ""


@dataclass
class SessionData:
    course_id: int
    division_id: int
    held_on: date
    place: str
    organiser: str
    capacity: int
    audience: str


@dataclass
class PersonData:
    name: str
    identifier: str
    enterprise_id: int | None = None


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(
            {name: [ValidationError(m, code="invalid") for m in ms] for name, ms in errors.items()}
        )


def _require_organiser(actor: User) -> None:
    if scope_of(actor).role not in ORGANISERS:
        raise PermissionDenied(_("只有市级管理员和区县主管部门可以管理培训。"))


def _require_session(actor: User, session: Session) -> None:
    _require_organiser(actor)
    if not can_manage(actor, session):
        raise PermissionDenied(_("该培训场次不在您的管辖范围内。"))


def identifier_kind(value: str) -> str | None:
    """mobile (11 digits starting with 1), id_number (18 characters, the last may be X), or
    None for anything else."""
    if len(value) == 11 and value.isdigit() and value.startswith("1"):
        return IdentifierKind.MOBILE
    if len(value) == 18 and value[:17].isdigit() and (value[17].isdigit() or value[17] in "Xx"):
        return IdentifierKind.ID_NUMBER
    return None


def normalise_identifier(value: object) -> str:
    return "".join(fold(value).split()).upper()


# --- courses ----------------------------------------------------------------------------------


def _check_course(
    program: Program, data: CourseData, errors: dict[str, list[str]], exclude_pk: int = 0
) -> None:
    values, problems = validate(COURSE_RULES, {"title": data.title, "summary": data.summary})
    data.title, data.summary = values["title"], values["summary"]
    data.url = (data.url or "").strip()
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    if (
        data.title
        and Course.objects.filter(program=program, title=data.title).exclude(pk=exclude_pk).exists()
    ):
        errors.setdefault("title", []).append(_("课程“{title}”已存在。").format(title=data.title))
    if data.kind not in CourseKind.values:
        errors.setdefault("kind", []).append(_("课程类型“{kind}”无效。").format(kind=data.kind))
    if data.platform_id is not None:
        if data.kind != CourseKind.ONLINE:
            errors.setdefault("platform", []).append(_("只有线上课程可以选择提供平台。"))
        elif not Platform.objects.filter(pk=data.platform_id, program=program).exists():
            errors.setdefault("platform", []).append(_("所选平台不在平台名录中。"))
    if data.kind == CourseKind.ONLINE and not data.url and data.platform_id is None:
        errors.setdefault("url", []).append(_("线上课程须填写课程链接或选择提供平台。"))
    known = {code for code, _label in dimension_choices()}
    codes = list(dict.fromkeys(data.dimensions))
    unknown = [c for c in codes if c not in known]
    if unknown:
        errors.setdefault("dimensions", []).append(
            _("未知的评测维度：{codes}。").format(codes="、".join(unknown))
        )
    data.dimensions = codes


@transaction.atomic
def create_course(program: Program, data: CourseData, *, actor: User) -> Course:
    _require_organiser(actor)
    errors: dict[str, list[str]] = {}
    _check_course(program, data, errors)
    _raise_if(errors)
    course = Course.objects.create(
        program=program,
        created_by=actor,
        **{name: getattr(data, name) for name in COURSE_FIELDS},
    )
    changes = {k: [None, v] for k, v in snapshot(course, COURSE_FIELDS).items()}
    record(actor=actor, action="training.course_create", target=course, changes=changes)
    return course


@transaction.atomic
def update_course(course_id: int, data: CourseData, *, actor: User) -> Course:
    _require_organiser(actor)
    course = Course.objects.select_for_update().select_related("program").get(pk=course_id)
    errors: dict[str, list[str]] = {}
    _check_course(course.program, data, errors, exclude_pk=course.pk)
    _raise_if(errors)
    before = snapshot(course, COURSE_FIELDS)
    for name in COURSE_FIELDS:
        setattr(course, name, getattr(data, name))
    course.save(update_fields=[*COURSE_FIELDS, "updated_at"])
    after = snapshot(course, COURSE_FIELDS)
    changes = {k: [before[k], after[k]] for k in COURSE_FIELDS if before[k] != after[k]}
    record(actor=actor, action="training.course_update", target=course, changes=changes)
    return course


# --- sessions ---------------------------------------------------------------------------------


def _check_session(
    data: SessionData, actor: User, errors: dict[str, list[str]], registered: int = 0
) -> Course | None:
    values, problems = validate(SESSION_RULES, {"place": data.place, "organiser": data.organiser})
    data.place, data.organiser = values["place"], values["organiser"]
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    course = Course.objects.filter(pk=data.course_id).select_related("program").first()
    if course is None:
        errors.setdefault("course", []).append(_("所选课程不存在。"))
    division = Division.objects.filter(pk=data.division_id).first()
    if division is None or (course is not None and division.program_id != course.program_id):
        errors.setdefault("division", []).append(_("所选区域不在本试点方案中。"))
    else:
        scope = scope_of(actor)
        if scope.role != "city_admin" and division.pk not in scope.division_ids:
            errors.setdefault("division", []).append(
                _("只能为您管辖的区域（{names}）安排培训。").format(
                    names="、".join(
                        Division.objects.filter(pk__in=scope.division_ids).values_list(
                            "name", flat=True
                        )
                    )
                    or "—"
                )
            )
    if data.capacity is None or data.capacity < 1:
        errors.setdefault("capacity", []).append(_("名额须为正整数。"))
    elif data.capacity < registered:
        errors.setdefault("capacity", []).append(
            _("已有 {n} 人报名，名额不能少于报名人数。").format(n=registered)
        )
    if data.audience not in Audience.values:
        errors.setdefault("audience", []).append(
            _("培训对象“{audience}”无效。").format(audience=data.audience)
        )
    if course is not None:
        start, end = course.program.starts_on, course.program.ends_on
        if data.held_on is None or not (start <= data.held_on <= end):
            errors.setdefault("held_on", []).append(
                _("培训日期须在试点期内（{start} 至 {end}）。").format(start=start, end=end)
            )
    return course


@transaction.atomic
def schedule_session(data: SessionData, *, actor: User) -> Session:
    _require_organiser(actor)
    errors: dict[str, list[str]] = {}
    _check_session(data, actor, errors)
    _raise_if(errors)
    session = Session.objects.create(
        course_id=data.course_id,
        created_by=actor,
        **{name: getattr(data, name) for name in SESSION_FIELDS},
    )
    changes = {k: [None, v] for k, v in snapshot(session, SESSION_FIELDS).items()}
    changes["course"] = [None, data.course_id]
    record(actor=actor, action="training.session_schedule", target=session, changes=changes)
    return session


@transaction.atomic
def update_session(session_id: int, data: SessionData, *, actor: User) -> Session:
    session = Session.objects.select_for_update().get(pk=session_id)
    _require_session(actor, session)
    errors: dict[str, list[str]] = {}
    data.course_id = session.course_id
    _check_session(data, actor, errors, registered=session.registrations.count())
    _raise_if(errors)
    before = snapshot(session, SESSION_FIELDS)
    for name in SESSION_FIELDS:
        setattr(session, name, getattr(data, name))
    session.save(update_fields=[*SESSION_FIELDS, "updated_at"])
    after = snapshot(session, SESSION_FIELDS)
    changes = {k: [before[k], after[k]] for k in SESSION_FIELDS if before[k] != after[k]}
    record(actor=actor, action="training.session_update", target=session, changes=changes)
    return session


# --- people -----------------------------------------------------------------------------------


def check_person(
    program_id: int, data: PersonData, errors: dict[str, list[str]]
) -> tuple[str, str | None]:
    """Normalise a person's fields in place; (identifier, its kind)."""
    values, problems = validate(
        TRAINEE_RULES, {"name": data.name, "identifier": normalise_identifier(data.identifier)}
    )
    data.name, identifier = values["name"], values["identifier"]
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    kind = identifier_kind(identifier) if identifier else None
    if identifier and kind is None:
        errors.setdefault("identifier", []).append(
            _("“{value}”不是有效的手机号码（11 位）或身份证号码（18 位）。").format(
                value=identifier
            )
        )
    if (
        data.enterprise_id is not None
        and not Enterprise.objects.filter(pk=data.enterprise_id, program_id=program_id).exists()
    ):
        errors.setdefault("enterprise", []).append(_("所选企业不在本试点方案中。"))
    return identifier, kind


def find_or_add_trainee(
    program_id: int, data: PersonData, identifier: str, kind: str, *, actor: User
) -> Trainee:
    """The programme's trainee with this identifier (by blind index), else a new one."""
    index = blind_index(identifier)
    trainee = Trainee.objects.filter(program_id=program_id, identifier_index=index).first()
    if trainee is not None:
        return trainee
    trainee = Trainee.objects.create(
        program_id=program_id,
        name=data.name,
        enterprise_id=data.enterprise_id,
        identifier_kind=kind,
        identifier=identifier,
        identifier_index=index,
    )
    record(
        actor=actor,
        action="training.trainee_add",
        target=trainee,
        # Never the identifier itself: the log keeps only that one was given.
        changes={"name": [None, trainee.name], "identifier_kind": [None, kind]},
    )
    return trainee


@transaction.atomic
def register(session_id: int, data: PersonData, *, actor: User) -> Registration:
    session = Session.objects.select_for_update().select_related("course").get(pk=session_id)
    _require_session(actor, session)
    program_id = session.course.program_id
    errors: dict[str, list[str]] = {}
    identifier, kind = check_person(program_id, data, errors)
    taken = session.registrations.count()
    if taken >= session.capacity:
        errors.setdefault("session", []).append(
            _("该场次名额已满（{capacity} 人），不能再报名。").format(capacity=session.capacity)
        )
    if identifier and kind:
        index = blind_index(identifier)
        if Registration.objects.filter(
            session=session, trainee__program_id=program_id, trainee__identifier_index=index
        ).exists():
            errors.setdefault("identifier", []).append(_("此人已报名该场次。"))
    _raise_if(errors)
    assert kind is not None  # noqa: S101 - refused above otherwise
    trainee = find_or_add_trainee(program_id, data, identifier, kind, actor=actor)
    registration = Registration.objects.create(
        session=session, trainee=trainee, registered_by=actor
    )
    record(
        actor=actor,
        action="training.register",
        target=registration,
        changes={"session": [None, session.pk], "trainee": [None, trainee.pk]},
    )
    return registration


def _attendance_problems(session: Session, trainee_ids: Sequence[int]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if session.held_on > timezone.localdate():
        errors.setdefault("session", []).append(
            _("培训日期 {date} 尚未到来，不能记录出勤。").format(date=session.held_on)
        )
    registered = set(
        session.registrations.filter(trainee_id__in=trainee_ids).values_list(
            "trainee_id", flat=True
        )
    )
    if len(registered) < len(set(trainee_ids)):
        errors.setdefault("trainee", []).append(_("只能为已报名该场次的人员记录出勤。"))
    already = set(
        session.attendances.filter(trainee_id__in=trainee_ids).values_list("trainee_id", flat=True)
    )
    if already:
        names = Trainee.objects.filter(pk__in=already).values_list("name", flat=True)
        errors.setdefault("trainee", []).append(
            _("已记录出勤：{names}。").format(names="、".join(names))
        )
    return errors


@transaction.atomic
def record_attendance(
    session_id: int,
    trainee_ids: Sequence[int],
    *,
    actor: User,
    source: str = AttendanceSource.MANUAL,
) -> list[Attendance]:
    """Record that the given registered people attended (all of them, or none)."""
    session = Session.objects.select_for_update().get(pk=session_id)
    _require_session(actor, session)
    ids = list(dict.fromkeys(trainee_ids))
    errors = _attendance_problems(session, ids)
    if not ids:
        errors.setdefault("trainee", []).append(_("请选择出勤人员。"))
    _raise_if(errors)
    indexes = dict(Trainee.objects.filter(pk__in=ids).values_list("pk", "identifier_index"))
    now = timezone.now()
    rows = Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                trainee_id=pk,
                person_index=indexes[pk],
                source=source,
                recorded_by=actor,
                recorded_at=now,
            )
            for pk in ids
        ]
    )
    record_many(
        actor=actor,
        events=[
            Event(
                "training.attend",
                row,
                {"session": [None, session.pk], "trainee": [None, row.trainee_id]},
            )
            for row in rows
        ],
    )
    return rows
