"""The demo world has courses, sessions and attendance, counts people once, and is the same on
every run; a second run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from dxpilot.accounts.models import User
from dxpilot.programs.models import Program
from dxpilot.training.models import Attendance, Course, Session, Trainee
from dxpilot.training.selectors import distinct_trained, person_times, programme_attendances

pytestmark = pytest.mark.django_db


def footprint() -> tuple[object, ...]:
    return (
        sorted(Course.objects.values_list("title", "kind")),
        sorted(Session.objects.values_list("course__title", "held_on", "capacity")),
        sorted(Trainee.objects.values_list("name", "identifier_index")),
        Attendance.objects.count(),
    )


def test_the_demo_world_has_training_and_people_counted_once(program: Program) -> None:
    call_command("demo_data", "--scale", "small", stdout=StringIO())
    city = User.objects.get(username="demo-city")
    attendances = programme_attendances(program.pk, city)
    people, times = distinct_trained(attendances), person_times(attendances)
    assert 0 < people < times
    assert Course.objects.filter(platform__isnull=False).exists()
    first = footprint()
    call_command("demo_data", "--scale", "small", stdout=StringIO())
    assert footprint() == first
