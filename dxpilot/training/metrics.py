"""Programme metrics computed from attendance (registered in TrainingConfig.ready).

- `trained_people`: distinct people who attended at least one session, counted once by the
  blind index of their identifier (a person trained twice is one person).
- `training_person_times`: attendances (人次), one per person per session.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from dxpilot.programs.metrics import Measure, Metric, Scope, register
from dxpilot.programs.models import Target
from dxpilot.training.selectors import distinct_trained, person_times, programme_attendances


def trained_people(target: Target, scope: Scope) -> Measure:
    count = distinct_trained(programme_attendances(scope.program.pk, scope.user))
    return Measure(Decimal(count), population=count)


def training_person_times(target: Target, scope: Scope) -> Measure:
    count = person_times(programme_attendances(scope.program.pk, scope.user))
    return Measure(Decimal(count), population=count)


def register_metrics() -> None:
    register(
        Metric(
            "trained_people",
            _("参加培训的人数（按人去重）"),
            trained_people,
            definition=_("至少参加过一场培训并记录出勤的人员；同一手机号码或身份证号码只计一人。"),
            formula=_("出勤记录中不同人员（按证件号码的盲索引）的计数"),
            population=_("查看范围内的培训场次的出勤记录"),
        )
    )
    register(
        Metric(
            "training_person_times",
            _("参加培训的人次"),
            training_person_times,
            definition=_("每人每参加一场培训并记录出勤计一人次。"),
            formula=_("出勤记录的条数"),
            population=_("查看范围内的培训场次的出勤记录"),
        )
    )
