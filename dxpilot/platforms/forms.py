"""Forms check the shape of the input; the services decide (and name every refusal)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.platforms.models import Platform, PlatformKind, PlatformLevel, SystemGroup
from dxpilot.platforms.selectors import scene_choices
from dxpilot.platforms.services import AdoptionData, PlatformData
from dxpilot.programs.models import Program


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class RuleCheckedChoiceField(forms.TypedChoiceField):
    """Offers the choices but leaves the rule check to the service, so one submission names
    every problem together (an unknown platform next to a date in the future)."""

    def valid_value(self, value: Any) -> bool:
        return True


class RuleCheckedMultipleChoiceField(forms.MultipleChoiceField):
    def valid_value(self, value: Any) -> bool:
        return True


class PlatformForm(forms.Form):
    name = forms.CharField(label=_("平台名称"), max_length=120)
    operator = forms.CharField(label=_("运营单位"), max_length=120)
    kind = forms.ChoiceField(label=_("平台类型"), choices=PlatformKind.choices)
    level = forms.ChoiceField(label=_("平台级别"), choices=PlatformLevel.choices)
    segment_keys = RuleCheckedMultipleChoiceField(
        label=_("服务细分行业"), widget=forms.CheckboxSelectMultiple, required=False
    )
    system_group = forms.ChoiceField(
        label=_("“20+80”体系"), choices=SystemGroup.choices, initial=SystemGroup.NONE
    )
    recognised_on = forms.DateField(
        label=_("国家级认定日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("国家级和“双跨”平台必填，其他级别留空。"),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "segment_keys").choices = [
            (s.key, s.name) for s in program.segments.all()
        ]

    @staticmethod
    def initial_for(platform: Platform) -> dict[str, Any]:
        return {
            "name": platform.name,
            "operator": platform.operator,
            "kind": platform.kind,
            "level": platform.level,
            "segment_keys": [s.key for s in platform.segments.all()],
            "system_group": platform.system_group,
            "recognised_on": platform.recognised_on,
        }

    def to_data(self) -> PlatformData:
        return PlatformData(**self.cleaned_data)


class AdoptionForm(forms.Form):
    platform = RuleCheckedChoiceField(label=_("平台"), required=False, coerce=int, empty_value=None)
    service_name = forms.CharField(
        label=_("或：云服务名称"),
        required=False,
        max_length=120,
        help_text=_("使用名录以外的云服务（如公有云主机、云化软件）时填写。"),
    )
    since = forms.DateField(label=_("开始使用日期"), widget=forms.DateInput(attrs={"type": "date"}))
    scenes = RuleCheckedMultipleChoiceField(
        label=_("应用场景"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        platforms = Platform.objects.filter(program=program).order_by("name", "pk")
        choice_field(self, "platform").choices = [("", _("（不在名录中）"))] + [
            (p.pk, p.name) for p in platforms
        ]
        choice_field(self, "scenes").choices = scene_choices(program)

    def to_data(self) -> AdoptionData:
        data = self.cleaned_data
        return AdoptionData(
            since=data["since"],
            scenes=data["scenes"],
            platform_id=data["platform"],
            service_name=data["service_name"],
        )


class GrantForm(forms.Form):
    platform = RuleCheckedChoiceField(label=_("授权平台"), coerce=int)

    def __init__(self, *args: Any, program: Program, exclude: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        platforms = Platform.objects.filter(program=program).exclude(pk__in=exclude)
        choice_field(self, "platform").choices = [(p.pk, p.name) for p in platforms]
