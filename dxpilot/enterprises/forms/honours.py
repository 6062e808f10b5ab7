"""The honour form (shape only: the service decides, with every reason in Chinese)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.enterprises.models import HonourKind
from dxpilot.enterprises.services import HonourData


class HonourForm(forms.Form):
    kind = forms.ChoiceField(label=_("荣誉类型"), choices=HonourKind.choices)
    title = forms.CharField(
        label=_("名称"),
        required=False,
        max_length=120,
        help_text=_("如：第六批专精特新“小巨人”企业（可不填）"),
    )
    awarded_on = forms.DateField(
        label=_("认定日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    issuer = forms.CharField(label=_("认定机构"), required=False, max_length=120)
    document_number = forms.CharField(
        label=_("文号"),
        required=False,
        max_length=80,
        help_text=_("认定文件的文号；上市填写股票代码或注册批复文号"),
    )
    # Not required here: the service refuses a missing file with its own reason.
    evidence = forms.FileField(
        label=_("佐证材料"),
        required=False,
        help_text=_("认定文件、公告或名单截图：PDF、JPG、PNG、DOCX、XLSX，按内容识别类型。"),
    )

    def data_for_service(self) -> HonourData:
        cleaned = self.cleaned_data
        return HonourData(
            kind=cleaned.get("kind") or "",
            awarded_on=cleaned.get("awarded_on"),
            issuer=cleaned.get("issuer") or "",
            document_number=cleaned.get("document_number") or "",
            title=cleaned.get("title") or "",
        )
