"""Forms check the shape of the input; the services decide (and name every refusal)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.programs.models import Program


class RuleCheckedChoiceField(forms.ChoiceField):
    """Offers the choices, leaves the rule check to the service (one submission, every problem)."""

    def valid_value(self, value: Any) -> bool:
        return True


class CircularForm(forms.Form):
    period = forms.CharField(
        label=_("通报期间"),
        max_length=8,
        help_text=_("月度写作 2025-06，季度写作 2025-Q2；只能通报已经结束的期间。"),
        error_messages={"required": _("请填写通报期间，例如 2025-06（月度）或 2025-Q2（季度）。")},
    )
    divisions = forms.TypedMultipleChoiceField(
        label=_("通报范围"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选即通报全部县（市）区和开发区。"),
        error_messages={"invalid_choice": _("所选区划不在本试点方案中。")},
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        divisions = self.fields["divisions"]
        assert isinstance(divisions, forms.TypedMultipleChoiceField)  # noqa: S101 - narrowing
        divisions.choices = [(d.pk, str(d)) for d in program.divisions.order_by("order", "code")]


class LeadForm(forms.Form):
    lead = forms.CharField(
        label=_("导语"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={"required": _("请填写导语。")},
    )


class EvaluationForm(forms.Form):
    stage = RuleCheckedChoiceField(
        label=_("评价阶段"), error_messages={"required": _("请选择评价阶段。")}
    )

    def __init__(self, *args: Any, stages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = stages  # type: ignore[attr-defined]
