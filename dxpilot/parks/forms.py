"""Forms check the shape of the input; the services decide (and name every refusal)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.parks.models import EventKind, EventStatus, Park, ParkEvent
from dxpilot.parks.selectors import managed_parks
from dxpilot.parks.services import MAX_ATTENDANCE, EventData, ParkData
from dxpilot.programs.models import Program


class RuleCheckedChoiceField(forms.TypedChoiceField):
    """Offers the choices, leaves the rule check to the service (one submission, every problem)."""

    def valid_value(self, value: Any) -> bool:
        return True


def _choices(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class ParkForm(forms.Form):
    name = forms.CharField(label=_("园区名称"), max_length=120)
    division = RuleCheckedChoiceField(label=_("所在开发区或区划"), coerce=int)
    segment = RuleCheckedChoiceField(label=_("主导细分行业"), coerce=int)
    is_pilot = forms.BooleanField(label=_("“一区一业一样板”试点园区"), required=False)
    designated_on = forms.DateField(
        label=_("认定日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    enterprise_codes = forms.CharField(
        label=_("园区企业"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("填写企业的统一社会信用代码，每行一个；企业须位于园区所在的开发区或区划。"),
    )
    summary = forms.CharField(
        label=_("园区简介"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, program: Program, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        divisions = program.divisions.order_by("order", "pk")
        scope = scope_of(user)
        if scope.role != Role.CITY_ADMIN:
            divisions = divisions.filter(pk__in=scope.division_ids)
            self.fields["is_pilot"].disabled = True
            self.fields["is_pilot"].help_text = _("由市级管理员认定。")
        _choices(self, "division").choices = [(d.pk, d.name) for d in divisions]
        _choices(self, "segment").choices = [
            (s.pk, s.name) for s in program.segments.order_by("order", "pk")
        ]

    @staticmethod
    def initial_for(park: Park) -> dict[str, Any]:
        codes = park.enterprises.order_by("credit_code").values_list("credit_code", flat=True)
        return {
            "name": park.name,
            "division": park.division_id,
            "segment": park.segment_id,
            "is_pilot": park.is_pilot,
            "designated_on": park.designated_on,
            "enterprise_codes": "\n".join(codes),
            "summary": park.summary,
        }

    def to_data(self) -> ParkData:
        d = self.cleaned_data
        return ParkData(
            name=d["name"],
            division_id=d["division"],
            segment_id=d["segment"],
            is_pilot=bool(d["is_pilot"]),
            designated_on=d["designated_on"],
            summary=d["summary"],
            enterprise_codes=[line.strip() for line in d["enterprise_codes"].splitlines()],
        )


class EventForm(forms.Form):
    park = RuleCheckedChoiceField(label=_("园区"), coerce=int)
    kind = forms.ChoiceField(label=_("活动类型"), choices=EventKind.choices)
    title = forms.CharField(label=_("活动名称"), max_length=120)
    held_on = forms.DateField(label=_("活动日期"), widget=forms.DateInput(attrs={"type": "date"}))
    organiser = forms.CharField(label=_("主办单位"), max_length=120)
    planned_attendance = forms.IntegerField(
        label=_("计划参加人数"), min_value=1, max_value=MAX_ATTENDANCE
    )
    description = forms.CharField(
        label=_("活动内容"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parks = managed_parks(user).order_by("name", "pk")
        _choices(self, "park").choices = [(p.pk, p.name) for p in parks]

    @staticmethod
    def initial_for(event: ParkEvent) -> dict[str, Any]:
        return {
            "park": event.park_id,
            "kind": event.kind,
            "title": event.title,
            "held_on": event.held_on,
            "organiser": event.organiser,
            "planned_attendance": event.planned_attendance,
            "description": event.description,
        }

    def to_data(self) -> EventData:
        d = self.cleaned_data
        return EventData(
            park_id=d["park"],
            kind=d["kind"],
            title=d["title"],
            held_on=d["held_on"],
            organiser=d["organiser"],
            planned_attendance=d["planned_attendance"],
            description=d["description"],
        )


class HeldForm(forms.Form):
    actual_attendance = forms.IntegerField(
        label=_("实际参加人数"), min_value=1, max_value=MAX_ATTENDANCE
    )


class CancelForm(forms.Form):
    cancel_reason = forms.CharField(label=_("取消原因"), max_length=200)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("活动照片"), help_text=_("JPG 或 PNG 图片。"))


class EventFilterForm(forms.Form):
    """The list's filters (GET): unknown values are ignored by the selector, never an error."""

    park = forms.ChoiceField(label=_("园区"), required=False)
    kind = forms.ChoiceField(label=_("活动类型"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False)
    year = forms.ChoiceField(label=_("年度"), required=False)

    def __init__(self, *args: Any, parks: list[tuple[int, str]], years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        _choices(self, "park").choices = everything + [(str(pk), n) for pk, n in parks]
        _choices(self, "kind").choices = everything + list(EventKind.choices)
        _choices(self, "status").choices = everything + list(EventStatus.choices)
        _choices(self, "year").choices = everything + [(str(y), str(y)) for y in years]
