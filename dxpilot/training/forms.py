"""Forms check the shape of the input; the services decide (and name every refusal)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.platforms.models import Platform
from dxpilot.programs.models import Program
from dxpilot.training.models import Audience, Course, CourseKind, Session
from dxpilot.training.selectors import dimension_choices
from dxpilot.training.services import CourseData, PersonData, SessionData


class RuleCheckedChoiceField(forms.TypedChoiceField):
    """Offers the choices, leaves the rule check to the service (one submission, every problem)."""

    def valid_value(self, value: Any) -> bool:
        return True


class RuleCheckedMultipleChoiceField(forms.MultipleChoiceField):
    def valid_value(self, value: Any) -> bool:
        return True


def _choices(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class CourseForm(forms.Form):
    title = forms.CharField(label=_("课程名称"), max_length=120)
    kind = forms.ChoiceField(label=_("课程类型"), choices=CourseKind.choices)
    platform = RuleCheckedChoiceField(
        label=_("提供平台"), required=False, coerce=int, empty_value=None
    )
    url = forms.URLField(label=_("课程链接"), required=False, assume_scheme="https")
    summary = forms.CharField(
        label=_("课程简介"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    dimensions = RuleCheckedMultipleChoiceField(
        label=_("针对的评测维度"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("诊断显示这些维度薄弱的企业，将在企业页面看到本课程。"),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        platforms = Platform.objects.filter(program=program).order_by("name", "pk")
        _choices(self, "platform").choices = [("", _("（不选）"))] + [
            (p.pk, p.name) for p in platforms
        ]
        _choices(self, "dimensions").choices = dimension_choices()

    @staticmethod
    def initial_for(course: Course) -> dict[str, Any]:
        return {
            "title": course.title,
            "kind": course.kind,
            "platform": course.platform_id,
            "url": course.url,
            "summary": course.summary,
            "dimensions": list(course.dimensions),
        }

    def to_data(self) -> CourseData:
        d = self.cleaned_data
        return CourseData(
            title=d["title"],
            kind=d["kind"],
            platform_id=d["platform"],
            url=d["url"],
            summary=d["summary"],
            dimensions=d["dimensions"],
        )


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("培训日期"), widget=forms.DateInput(attrs={"type": "date"}))
    division = RuleCheckedChoiceField(label=_("所属区域"), coerce=int)
    place = forms.CharField(label=_("培训地点"), max_length=120)
    organiser = forms.CharField(label=_("主办单位"), max_length=120)
    capacity = forms.IntegerField(label=_("名额"), min_value=1, max_value=100000)
    audience = forms.ChoiceField(label=_("培训对象"), choices=Audience.choices)

    def __init__(self, *args: Any, program: Program, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        divisions = program.divisions.order_by("order", "pk")
        scope = scope_of(user)
        if scope.role != Role.CITY_ADMIN:
            divisions = divisions.filter(pk__in=scope.division_ids)
        _choices(self, "division").choices = [(d.pk, d.name) for d in divisions]

    @staticmethod
    def initial_for(session: Session) -> dict[str, Any]:
        return {
            "held_on": session.held_on,
            "division": session.division_id,
            "place": session.place,
            "organiser": session.organiser,
            "capacity": session.capacity,
            "audience": session.audience,
        }

    def to_data(self, course_id: int) -> SessionData:
        d = self.cleaned_data
        return SessionData(
            course_id=course_id,
            division_id=d["division"],
            held_on=d["held_on"],
            place=d["place"],
            organiser=d["organiser"],
            capacity=d["capacity"],
            audience=d["audience"],
        )


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=40)
    identifier = forms.CharField(
        label=_("手机号码或身份证号码"),
        max_length=40,
        help_text=_("加密保存，仅用于识别同一人员；页面上按角色脱敏显示。"),
    )
    enterprise = RuleCheckedChoiceField(
        label=_("所在企业"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, enterprises: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "enterprise").choices = [("", _("（不选）")), *enterprises]

    def to_data(self) -> PersonData:
        d = self.cleaned_data
        return PersonData(name=d["name"], identifier=d["identifier"], enterprise_id=d["enterprise"])
