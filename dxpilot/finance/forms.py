"""Forms check the shape of the input; the services decide (and name every refusal)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.finance.models import Bank
from dxpilot.finance.rules import REQUIRED, SHARED_FIELDS


class RuleCheckedMultipleChoiceField(forms.MultipleChoiceField):
    """Offers the choices but leaves the check to the service, which names every problem."""

    def valid_value(self, value: Any) -> bool:
        return True


class ReferralForm(forms.Form):
    fields_ = RuleCheckedMultipleChoiceField(
        label=_("同意向银行提供的信息"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("企业名称和统一社会信用代码必须提供；其他信息由企业自行选择。"),
    )
    consent = forms.BooleanField(label=_("本企业已阅读并同意上述授权声明"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"fields_": list(REQUIRED)})
        super().__init__(*args, **kwargs)
        self.fields["fields_"].choices = [(c, label) for c, label in SHARED_FIELDS.items()]  # type: ignore[attr-defined]
        # The form field is "fields_" (Form.fields is taken); the service speaks of "fields".
        self.fields["fields_"].widget.attrs["data-field"] = "fields"


class BankForm(forms.Form):
    name = forms.CharField(label=_("银行名称"), max_length=Bank._meta.get_field("name").max_length)
