from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.accounts.models import Role, User
from dxpilot.assessment.models import Assessment


class AssignForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("评测类型"), choices=[(k.value, k.label) for k in Assessment.ONSITE_KINDS]
    )
    assessor = forms.ModelChoiceField(
        label=_("评测专家"),
        queryset=User.objects.none(),
        help_text=_("所在单位为该企业提供服务的专家不能被指派（回避）。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assessor"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
        field.queryset = User.objects.filter(role=Role.ASSESSOR, is_active=True).order_by(
            "username"
        )
        field.label_from_instance = lambda obj: f"{obj}（{obj.organization or '—'}）"  # type: ignore[method-assign]


class LockForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("现场评测日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    confirm = forms.BooleanField(label=_("我确认以上现场评测结果真实、准确，锁定后不可修改。"))


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("佐证文件"), help_text=_("PDF、JPG、PNG、DOCX、XLSX，按内容识别类型。")
    )
