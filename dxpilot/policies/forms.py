"""Forms check the shape of the input; the services decide (and name every refusal)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.enterprises.models import SizeClass, SrdiTier
from dxpilot.policies.models import Policy, PolicyKind, PolicyLevel, ScaleCondition
from dxpilot.policies.services import POLICY_RULES, PolicyData
from dxpilot.programs.models import Division, Program


class RuleCheckedMultipleChoiceField(forms.MultipleChoiceField):
    """Offers the choices but leaves the check to the service, which names every problem."""

    def valid_value(self, value: Any) -> bool:
        return True


def _multi(label: Any, **kwargs: Any) -> RuleCheckedMultipleChoiceField:
    return RuleCheckedMultipleChoiceField(
        label=label, widget=forms.CheckboxSelectMultiple, required=False, **kwargs
    )


class PolicyForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=PolicyKind.choices)
    title = forms.CharField(label=_("标题"), max_length=POLICY_RULES["title"].max_length)
    issuer = forms.CharField(label=_("发文机关"), max_length=POLICY_RULES["issuer"].max_length)
    number = forms.CharField(
        label=_("文号"),
        required=False,
        max_length=40,
        help_text=_("如 合政办〔2024〕12号；通知公告可不填。"),
    )
    level = forms.ChoiceField(label=_("政策层级"), choices=PolicyLevel.choices)
    issued_on = forms.DateField(label=_("发文日期"), widget=forms.DateInput(attrs={"type": "date"}))
    effective_on = forms.DateField(
        label=_("施行日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("不填则自发文日期起施行。"),
    )
    expires_on = forms.DateField(
        label=_("有效期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("长期有效则不填。"),
    )
    summary = forms.CharField(
        label=_("内容摘要"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    source_url = forms.CharField(label=_("原文链接"), required=False, max_length=300)
    division_codes = _multi(_("适用区划（不选则不限）"))
    segment_keys = _multi(_("适用细分行业（不选则不限）"))
    size_classes = _multi(_("适用企业规模（不选则不限）"), choices=SizeClass.choices)
    srdi_tiers = _multi(_("适用优质中小企业（不选则不限）"), choices=SrdiTier.choices)
    scale = forms.ChoiceField(label=_("规上/规下"), choices=ScaleCondition.choices)
    pilot_only = forms.BooleanField(label=_("仅限试点企业"), required=False)

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        divisions = program.divisions.order_by("kind", "order", "code")
        cast(forms.ChoiceField, self.fields["division_codes"]).choices = [
            (d.code, d.name) for d in divisions if d.kind != Division.Kind.ZONE
        ] + [(d.code, d.short_name or d.name) for d in divisions if d.kind == Division.Kind.ZONE]
        cast(forms.ChoiceField, self.fields["segment_keys"]).choices = [
            (s.key, s.name) for s in program.segments.order_by("order", "pk")
        ]

    @staticmethod
    def initial_for(policy: Policy) -> dict[str, Any]:
        return {
            "kind": policy.kind,
            "title": policy.title,
            "issuer": policy.issuer,
            "number": policy.number,
            "level": policy.level,
            "issued_on": policy.issued_on,
            "effective_on": policy.effective_on,
            "expires_on": policy.expires_on,
            "summary": policy.summary,
            "source_url": policy.source_url,
            "division_codes": [d.code for d in policy.divisions.all()],
            "segment_keys": [s.key for s in policy.segments.all()],
            "size_classes": policy.size_classes,
            "srdi_tiers": policy.srdi_tiers,
            "scale": policy.scale,
            "pilot_only": policy.pilot_only,
        }

    def to_data(self) -> PolicyData:
        return PolicyData(**self.cleaned_data)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("撤回原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("附件"), help_text=_("PDF、JPG、PNG、DOCX、XLSX，按文件内容检查类型。")
    )
