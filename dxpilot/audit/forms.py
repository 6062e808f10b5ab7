from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.audit.models import AuditEntry


class AuditSearchForm(forms.Form):
    q = forms.CharField(label=_("操作或对象"), required=False)
    actor = forms.CharField(label=_("操作人"), required=False)
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部")), *AuditEntry.Kind.choices]
    )
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data
