"""The demo world's national reporting: two submissions, the rejected records re-submitted."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from dxpilot.national.models import Change, Decision, Submission
from dxpilot.programs.models import Program


def test_the_demo_has_two_submissions_and_a_resubmission(program: Program) -> None:
    call_command("demo_data", "--scale", "small", stdout=StringIO())
    first, second = Submission.objects.order_by("number")
    assert first.records_count == second.records_count > 0
    assert first.added_count == first.records_count
    assert second.resubmitted_count == 2
    assert second.unchanged_count == second.records_count - 2
    accepted = second.records.filter(change=Change.UNCHANGED, decision=Decision.ACCEPTED)
    assert accepted.count() == 5
    call_command("demo_data", "--scale", "small", stdout=StringIO())
    assert Submission.objects.count() == 2
