"""Forms check the shape of the input; the services decide (and name every refusal)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.cases import selectors
from dxpilot.cases.models import CaseKind
from dxpilot.cases.services import CASE_RULES, CaseData
from dxpilot.projects.models import TransformationProject


class RuleCheckedMultipleChoiceField(forms.TypedMultipleChoiceField):
    """Offers the project's choices, leaves the rule check to the service (every problem at once)."""

    def valid_value(self, value: Any) -> bool:
        return True


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("案例类型"), choices=CaseKind.choices)
    title = forms.CharField(label=_("案例标题"), max_length=CASE_RULES["title"].max_length)
    summary = forms.CharField(label=_("一句话介绍"), max_length=CASE_RULES["summary"].max_length)
    body = forms.CharField(
        label=_("案例正文"),
        required=False,
        max_length=CASE_RULES["body"].max_length,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("改造前后的等级、得分与投入取自项目记录，无需在正文中填写。"),
    )
    providers = RuleCheckedMultipleChoiceField(
        label=_("服务商"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    products = RuleCheckedMultipleChoiceField(
        label=_("产品"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, project: TransformationProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        providers = selectors.project_providers(project).order_by("name", "pk")
        products = selectors.project_products(project).order_by("name", "pk")
        cast(forms.ChoiceField, self.fields["providers"]).choices = [
            (p.pk, p.name) for p in providers
        ]
        cast(forms.ChoiceField, self.fields["products"]).choices = [
            (p.pk, f"{p.name}（{p.provider.name}）") for p in products
        ]
        if not self.is_bound and "initial" not in kwargs:
            self.initial.update(
                providers=[p.pk for p in providers], products=[p.pk for p in products]
            )

    def data_for_service(self) -> CaseData:
        d = self.cleaned_data
        return CaseData(
            kind=d["kind"],
            title=d["title"],
            summary=d["summary"],
            body=d.get("body", ""),
            provider_ids=list(d.get("providers") or []),
            product_ids=list(d.get("products") or []),
        )


class ImageForm(forms.Form):
    file = forms.FileField(label=_("图片（JPG 或 PNG）"))
    caption = forms.CharField(label=_("图片说明"), required=False, max_length=120)


class ReasonsForm(forms.Form):
    reasons = forms.CharField(
        label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
