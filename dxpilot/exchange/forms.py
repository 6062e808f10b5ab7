from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.exchange.importers import Importer


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("导入内容"))
    file = forms.FileField(
        label=gettext_lazy("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args: Any, importers: list[type[Importer]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(cls.key, _(cls.label)) for cls in importers]  # type: ignore[attr-defined]
