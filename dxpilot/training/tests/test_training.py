"""Courses, sessions, registration, attendance and the two training KPIs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxpilot.audit.models import AuditEntry
from dxpilot.dashboard.kpis import programme_kpis
from dxpilot.testing import World
from dxpilot.training import selectors, services
from dxpilot.training.models import Attendance, Course, Registration, Session, Trainee
from dxpilot.training.tests.factories import (
    attend,
    make_course,
    make_session,
    mobile,
    register,
    session_data,
)


def kpi(world: World, user: object, metric: str) -> Decimal | None:
    rows = programme_kpis(user, world.program)
    return next(row.actual for row in rows if row.target.metric == metric)


def test_distinct_people_are_counted_once_and_person_times_per_attendance(world: World) -> None:
    first, second = make_session(world), make_session(world)
    a1, b1 = register(world, first, 1), register(world, first, 2)
    # The same person (same mobile, written with spaces and full-width digits) in a second session.
    a2 = register(world, second, 0, name="学员1", identifier="139 0000 000１")
    assert a2.trainee_id == a1.trainee_id and Trainee.objects.count() == 2
    attend(world, first, a1, b1)
    attend(world, second, a2)
    assert kpi(world, world.city_admin, "trained_people") == Decimal(2)
    assert kpi(world, world.city_admin, "training_person_times") == Decimal(3)
    # Registered but not attended: not trained.
    register(world, second, 3)
    assert kpi(world, world.city_admin, "trained_people") == Decimal(2)


def test_the_kpis_of_a_district_officer_count_the_sessions_of_their_divisions(world: World) -> None:
    here = make_session(world)
    there = make_session(world, division_id=world.division_b.pk)
    attend(world, here, register(world, here, 1))
    attend(world, there, register(world, there, 2), register(world, there, 3))
    assert kpi(world, world.officer_a, "trained_people") == Decimal(1)
    assert kpi(world, world.officer_b, "training_person_times") == Decimal(2)
    assert kpi(world, world.city_admin, "trained_people") == Decimal(3)


def test_a_full_session_refuses_a_registration_and_writes_nothing(world: World) -> None:
    session = make_session(world, capacity=2)
    register(world, session, 1)
    register(world, session, 2)
    before = (Trainee.objects.count(), Registration.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as exc:
        register(world, session, 3)
    assert "名额已满（2 人）" in str(exc.value.message_dict["session"])
    after = (Trainee.objects.count(), Registration.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_a_refusal_names_every_problem_and_writes_nothing(world: World) -> None:
    course = make_course(world)
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.schedule_session(
            session_data(
                world, course, place=" ", capacity=0, audience="everyone", held_on=date(2030, 1, 1)
            ),
            actor=world.city_admin,
        )
    errors = exc.value.message_dict
    assert set(errors) == {"place", "capacity", "audience", "held_on"}
    assert Session.objects.count() == 0 and AuditEntry.objects.count() == entries
    with pytest.raises(ValidationError) as exc:
        services.create_course(
            world.program,
            services.CourseData(title=course.title, kind="online", dimensions=("Z9",)),
            actor=world.city_admin,
        )
    assert set(exc.value.message_dict) == {"title", "url", "dimensions"}
    assert Course.objects.count() == 1


def test_a_bad_person_is_refused_with_every_reason(world: World) -> None:
    session = make_session(world)
    register(world, session, 1)
    with pytest.raises(ValidationError) as exc:
        register(world, session, 1, name="")
    assert set(exc.value.message_dict) == {"name", "identifier"}  # missing name, already registered
    with pytest.raises(ValidationError) as exc:
        register(world, session, 2, identifier="12345")
    assert "不是有效的手机号码" in str(exc.value.message_dict["identifier"])
    assert Registration.objects.count() == 1


def test_attendance_is_refused_for_the_future_the_unregistered_and_twice(world: World) -> None:
    future = make_session(world, held_on=date(2025, 9, 1))
    r = register(world, future, 1)
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(future.pk, [r.trainee_id], actor=world.city_admin)
    assert "尚未到来" in str(exc.value.message_dict["session"])
    past = make_session(world)
    other = register(world, past, 2)
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(
            past.pk, [other.trainee_id, r.trainee_id], actor=world.city_admin
        )
    assert "已报名" in str(exc.value.message_dict["trainee"])
    attend(world, past, other)
    with pytest.raises(ValidationError) as exc:
        attend(world, past, other)
    assert "已记录出勤：学员2" in str(exc.value.message_dict["trainee"])
    assert Attendance.objects.count() == 1


def test_the_identifier_is_stored_encrypted_with_a_blind_index(world: World) -> None:
    session = make_session(world)
    register(world, session, 7)
    with connection.cursor() as cursor:
        cursor.execute("SELECT identifier, identifier_index FROM training_trainee")
        stored, index = cursor.fetchone()
    assert mobile(7) not in stored and stored.startswith("fernet:")
    assert mobile(7) not in index and len(index) == 64
    assert Trainee.objects.get().identifier == mobile(7)


def test_identifiers_are_masked_for_a_role_that_may_not_see_them(world: World) -> None:
    session = make_session(world)
    register(world, session, 7, enterprise_id=world.enterprise_a.pk)
    full = selectors.session_people(world.city_admin, session)[0]["identifier"]
    assert full == mobile(7)
    assert selectors.session_people(world.officer_a, session)[0]["identifier"] == mobile(7)
    masked = selectors.session_people(world.finance, session)[0]["identifier"]
    assert masked == "139****0007"
    # The enterprise sees its own staff, masked.
    assert selectors.session_people(world.enterprise_user, session)[0]["identifier"] == masked


def test_scope_a_district_officer_manages_only_the_sessions_of_their_divisions(
    world: World,
) -> None:
    course = make_course(world)
    theirs = make_session(world, course)
    others = make_session(world, course, division_id=world.division_b.pk)
    assert list(selectors.visible_sessions(world.officer_a)) == [theirs]
    assert list(selectors.visible_sessions(world.enterprise_user)) == []
    with pytest.raises(PermissionDenied):
        register(world, others, 1, actor=world.officer_a)
    with pytest.raises(ValidationError) as exc:
        services.schedule_session(
            session_data(world, course, division_id=world.division_b.pk), actor=world.officer_a
        )
    assert "只能为您管辖的区域" in str(exc.value.message_dict["division"])
    with pytest.raises(PermissionDenied):
        services.create_course(
            world.program, services.CourseData(title="x", kind="classroom"), actor=world.finance
        )
    register(world, theirs, 1, actor=world.officer_a)
    assert Registration.objects.count() == 1


def test_every_write_is_audited_without_the_identifier(world: World) -> None:
    session = make_session(world)
    attend(world, session, register(world, session, 5))
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    for action in ("training.course_create", "training.session_schedule", "training.register",
                   "training.trainee_add", "training.attend"):  # fmt: skip
        assert action in actions
    assert not AuditEntry.objects.filter(changes__icontains=mobile(5)).exists()


def test_queries_stay_constant_as_data_grows(world: World) -> None:
    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as rows:
            selectors.session_rows(world.city_admin)
            people = selectors.session_people(world.finance, session)
            [p["identifier"] for p in people]
            kpi(world, world.city_admin, "trained_people")
        return len(rows), len(people)

    session = make_session(world)
    attend(world, session, register(world, session, 1))
    small, _n = measure()
    for n in range(2, 12):
        attend(world, session, register(world, session, n))
        make_session(world)
    large, people = measure()
    assert people == 11 and large == small
