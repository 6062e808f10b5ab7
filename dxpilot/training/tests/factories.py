"""Courses, sessions and people, reached through the services (never raw rows)."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from dxpilot.accounts.models import User
from dxpilot.testing import World
from dxpilot.training import services
from dxpilot.training.models import Course, Registration, Session

_serial = count(1)


def make_course(world: World, **overrides: Any) -> Course:
    n = next(_serial)
    values: dict[str, Any] = {
        "title": f"数字化转型“一把手”研修班{n}",
        "kind": "classroom",
        "dimensions": ("B1",),
    }
    values.update(overrides)
    return services.create_course(
        world.program, services.CourseData(**values), actor=world.city_admin
    )


def session_data(world: World, course: Course, **overrides: Any) -> services.SessionData:
    values: dict[str, Any] = {
        "course_id": course.pk,
        "division_id": world.division_a.pk,
        "held_on": date(2025, 5, 20),
        "place": "合肥市包河区数字经济产业园",
        "organiser": "合肥市经济和信息化局",
        "capacity": 30,
        "audience": "executives",
    }
    values.update(overrides)
    return services.SessionData(**values)


def make_session(world: World, course: Course | None = None, **overrides: Any) -> Session:
    actor = overrides.pop("actor", world.city_admin)
    course = course or make_course(world)
    return services.schedule_session(session_data(world, course, **overrides), actor=actor)


def mobile(n: int) -> str:
    return f"139{n:08d}"


def register(
    world: World, session: Session, n: int, *, actor: User | None = None, **overrides: Any
) -> Registration:
    values: dict[str, Any] = {"name": f"学员{n}", "identifier": mobile(n)}
    values.update(overrides)
    return services.register(
        session.pk, services.PersonData(**values), actor=actor or world.city_admin
    )


def attend(world: World, session: Session, *registrations: Registration) -> None:
    services.record_attendance(
        session.pk, [r.trainee_id for r in registrations], actor=world.city_admin
    )
