"""Demo training: courses aimed at the weak dimensions of a diagnosis (online ones from the demo
platforms), sessions for "一把手", managers and technicians across the divisions, registrations
and attendance, with people who come back to a second session (so 人数 < 人次).

A step of dxpilot.demo.world. Deterministic: its own seeded generator over divisions, sessions
and enterprises in primary-key order, fixed dates inside the programme period. A programme that
already has courses is left alone, so a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from dxpilot.accounts.models import User
from dxpilot.core.crypto import blind_index
from dxpilot.demo import names
from dxpilot.enterprises.models import Enterprise
from dxpilot.platforms.models import Platform
from dxpilot.training.models import Attendance, Course, Registration, Session, Trainee

# (title, kind, dimensions, audience of its sessions)
COURSES: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("数字化转型“一把手”研修班", "classroom", ("M", "M1"), "executives"),
    ("设备联网与数据采集实务", "classroom", ("B1", "B2"), "technicians"),
    ("工业软件与信息系统选型", "online", ("B3",), "managers"),
    ("工控网络与信息安全", "online", ("B4",), "technicians"),
    ("数据要素与数字化人才保障", "classroom", ("M2",), "managers"),
    ("绿色低碳与质量提升的数字化路径", "online", ("E", "E1", "E2"), "managers"),
)
SESSIONS_PER_COURSE = 5
FIRST_DAY = date(2024, 3, 5)


def create_training(world: Any) -> None:
    program = world.program
    if Course.objects.filter(program=program).exists():
        return
    rng = random.Random(f"training-{program.key}")
    city = User.objects.filter(username="demo-city").first()
    platforms = list(Platform.objects.filter(program=program).order_by("pk"))
    courses: list[Course] = []
    for title, kind, dims, _audience in COURSES:
        platform = (
            platforms[len(courses) % len(platforms)] if kind == "online" and platforms else None
        )
        url = "" if platform else "https://training.example.cn/courses/" + str(len(courses) + 1)
        courses.append(Course(program=program, title=title, kind=kind, platform=platform, url=url,
                              dimensions=list(dims), created_by=city))  # fmt: skip
    Course.objects.bulk_create(courses)
    divisions = list(program.divisions.order_by("order", "pk"))
    sessions = []
    for n, course in enumerate(courses):
        audience = COURSES[n][3]
        for k in range(SESSIONS_PER_COURSE):
            division = divisions[(n * SESSIONS_PER_COURSE + k) % len(divisions)]
            held_on = FIRST_DAY + timedelta(days=37 * (n * SESSIONS_PER_COURSE + k) % 640)
            sessions.append(Session(course=course, division=division, held_on=held_on,
                                    place=f"{division.name}数字化转型服务中心", organiser=f"{division.name}经信局",
                                    capacity=rng.choice((40, 60, 80)), audience=audience,
                                    created_by=city))  # fmt: skip
    Session.objects.bulk_create(sessions)
    enterprises = list(
        Enterprise.objects.filter(program=program, is_pilot=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # A pool of people a little smaller than the seats: some attend two sessions.
    seats = sum(s.capacity for s in sessions)
    pool_size = max(10, int(seats * 0.7))
    people: list[Trainee] = []
    seen: set[str] = set()
    while len(people) < pool_size:
        phone = names.mobile(rng)
        index = blind_index(phone)
        if index in seen:
            continue
        seen.add(index)
        enterprise = rng.choice(enterprises) if enterprises and rng.random() < 0.85 else None
        people.append(Trainee(program=program, name=names.person_name(rng), enterprise_id=enterprise,
                              identifier_kind="mobile", identifier=phone, identifier_index=index))  # fmt: skip
    Trainee.objects.bulk_create(people)
    today = timezone.localdate()
    registrations: list[Registration] = []
    attendances: list[Attendance] = []
    for session in sessions:
        chosen = rng.sample(
            people, k=min(len(people), int(session.capacity * rng.uniform(0.6, 0.95)))
        )
        for person in chosen:
            registrations.append(Registration(session=session, trainee=person, registered_by=city))
            if session.held_on <= today and rng.random() < 0.9:
                attendances.append(Attendance(session=session, trainee=person,
                                              person_index=person.identifier_index, recorded_by=city))  # fmt: skip
    Registration.objects.bulk_create(registrations)
    Attendance.objects.bulk_create(attendances)
    world.counts["courses"] = len(courses)
    world.counts["training_sessions"] = len(sessions)
    world.counts["trainees"] = len(people)
    world.counts["attendances"] = len(attendances)
