from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.national.models import Change, Decision, SubmissionRecord
from dxpilot.national.services import FORMATS


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("国家平台反馈"),
        choices=[(Decision.ACCEPTED, _("已接收")), (Decision.REJECTED, _("被退回"))],
    )
    reason = forms.CharField(
        label=_("退回原因"),
        required=False,
        max_length=SubmissionRecord._meta.get_field("reason").max_length,
        widget=forms.TextInput,
    )

    @property
    def accept(self) -> bool:
        return bool(self.cleaned_data["decision"] == Decision.ACCEPTED)


class RecordFilterForm(forms.Form):
    """The reconciliation's filter (GET): an unknown value is refused, not ignored."""

    change = forms.ChoiceField(
        label=_("变化"),
        required=False,
        choices=[
            ("", _("需国家平台处理的（新增、变更、重新报送、撤回）")),
            ("all", _("全部")),
            *Change.choices,
        ],
    )
    decision = forms.ChoiceField(
        label=_("国家平台反馈"),
        required=False,
        choices=[("", _("全部")), *Decision.choices],
    )


def valid_format(value: str) -> bool:
    return value in FORMATS
