from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.programs.models import Program
from dxpilot.providers.catalogue import Filters, scene_choices
from dxpilot.providers.models import (
    Attachment,
    Deployment,
    PriceUnit,
    Product,
    ProductKind,
    Provider,
)
from dxpilot.providers.services import ApplicationData, ProductData, RegistrationData
from dxpilot.providers.services.products import PRODUCT_RULES
from dxpilot.providers.services.sanctions import DIMENSIONS


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    """A choice field whose choices come from the programme (set in __init__)."""
    return cast(forms.ChoiceField, form.fields[name])


LEVELS = [("", _("不涉及")), ("1", _("一级")), ("2", _("二级")), ("3", _("三级")), ("4", _("四级"))]


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("服务商名称"), max_length=120)
    credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=24, help_text=_("18位，最后一位为校验码。")
    )
    kind_key = forms.ChoiceField(label=_("申报类型"))
    contact_name = forms.CharField(label=_("联系人"), max_length=40)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20)
    username = forms.CharField(label=_("登录用户名"), max_length=150)
    password = forms.CharField(
        label=_("密码"), widget=forms.PasswordInput, help_text=_("至少10位，须同时包含字母和数字。")
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = program.provider_kinds.order_by("pk")
        choice_field(self, "kind_key").choices = [(k.key, k.name) for k in kinds]

    def to_data(self) -> RegistrationData:
        return RegistrationData(**self.cleaned_data)


class ApplicationForm(forms.Form):
    name = forms.CharField(label=_("服务商名称"), max_length=120)
    kind_key = forms.ChoiceField(label=_("申报类型"), widget=forms.RadioSelect)
    segment_keys = forms.MultipleChoiceField(
        label=_("服务的细分行业"), widget=forms.CheckboxSelectMultiple, required=False
    )
    summary = forms.CharField(
        label=_("企业简介与服务能力"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    address = forms.CharField(label=_("办公地址"), max_length=200, required=False)
    website = forms.URLField(label=_("网站"), required=False, assume_scheme="https")
    contact_name = forms.CharField(label=_("联系人"), max_length=40, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = program.provider_kinds.order_by("pk")
        choice_field(self, "kind_key").choices = [
            (k.key, _("{name}（每个细分行业 {quota} 家）").format(name=k.name, quota=k.quota_per_segment)
             if k.quota_per_segment else k.name) for k in kinds
        ]  # fmt: skip
        choice_field(self, "segment_keys").choices = [
            (s.key, s.name) for s in program.segments.all()
        ]

    @staticmethod
    def initial_for(provider: Provider) -> dict[str, Any]:
        return {
            "name": provider.name, "kind_key": provider.kind.key, "summary": provider.summary,
            "segment_keys": [s.key for s in provider.segments.all()], "address": provider.address,
            "website": provider.website, "contact_name": provider.contact_name, "contact_phone": provider.contact_phone,
        }  # fmt: skip

    def to_data(self) -> ApplicationData:
        return ApplicationData(**self.cleaned_data)


class QualificationForm(forms.Form):
    prefix = "qualification"  # several forms share a page: keep their ids apart
    name = forms.CharField(label=_("资质名称"), max_length=120)
    issuer = forms.CharField(label=_("发证机构"), max_length=120, required=False)
    number = forms.CharField(label=_("证书编号"), max_length=60, required=False)
    valid_until = forms.DateField(
        label=_("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReferenceForm(forms.Form):
    prefix = "reference"  # several forms share a page: keep their ids apart
    client_name = forms.CharField(label=_("客户名称"), max_length=120)
    title = forms.CharField(label=_("项目名称"), max_length=160)
    contract_date = forms.DateField(
        label=_("合同日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.DecimalField(
        label=_("合同金额（万元）"), required=False, max_digits=10, decimal_places=2
    )
    summary = forms.CharField(
        label=_("项目概况"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttachmentForm(forms.Form):
    prefix = "attachment"  # several forms share a page: keep their ids apart
    kind = forms.ChoiceField(label=_("材料类型"), choices=Attachment.Kind.choices)
    file = forms.FileField(
        label=_("文件"), help_text=_("PDF、JPG、PNG、DOCX、XLSX，按文件内容识别类型。")
    )


class DecisionForm(forms.Form):
    """A review or sanction: its reasons and the revision the page showed (the decision is the
    button pressed)."""

    prefix = "decision"  # several forms share a page: keep their ids apart
    reasons = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class ReasonsForm(forms.Form):
    reasons = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class EvaluationForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2020, max_value=2100)
    notes = forms.CharField(
        label=_("评价意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dimension in DIMENSIONS:
            self.fields[dimension.key] = forms.DecimalField(
                label=_("{name}（满分 {max}）").format(name=dimension.name, max=dimension.max_points),
                min_value=0, max_value=dimension.max_points, decimal_places=2,
            )  # fmt: skip

    def scores(self) -> dict[str, Decimal]:
        return {d.key: self.cleaned_data[d.key] for d in DIMENSIONS}


class ProductForm(forms.Form):
    name = forms.CharField(label=_("产品名称"), max_length=120)
    kind = forms.ChoiceField(label=_("产品类型"), choices=ProductKind.choices)
    summary = forms.CharField(label=_("一句话介绍"), max_length=200)
    description = forms.CharField(
        label=_("产品介绍"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=PRODUCT_RULES["description"].max_length,
    )
    segment_keys = forms.MultipleChoiceField(
        label=_("适用细分行业"), widget=forms.CheckboxSelectMultiple, required=False
    )
    deployment = forms.ChoiceField(label=_("部署方式"), choices=Deployment.choices)
    price = forms.DecimalField(label=_("价格（元）"), min_value=0, max_digits=12, decimal_places=2)
    price_unit = forms.ChoiceField(label=_("计价单位"), choices=PriceUnit.choices)
    implementation_days = forms.IntegerField(label=_("实施周期（天）"), min_value=1, max_value=365)
    sample_enterprise_name = forms.CharField(
        label=_("样板项目企业"), max_length=120, help_text=_("一产品、一样板：本地企业的真实项目。")
    )
    sample_contract_date = forms.DateField(
        label=_("样板项目合同日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sample_summary = forms.CharField(
        label=_("样板项目概况"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=PRODUCT_RULES["sample_summary"].max_length,
    )

    def __init__(self, *args: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "segment_keys").choices = [
            (s.key, s.name) for s in provider.segments.all()
        ]
        self.scene_fields: list[tuple[str, str]] = []
        for n, (scene, group) in enumerate(scene_choices(provider.program)):
            name = f"scene_{n}"
            self.fields[name] = forms.TypedChoiceField(
                label=scene, choices=LEVELS, coerce=int, empty_value=None, required=False
            )
            self.scene_fields.append((name, group))

    @staticmethod
    def initial_for(product: Product) -> dict[str, Any]:
        levels = {s.scene: s.level for s in product.scenes.all()}
        initial: dict[str, Any] = {
            "name": product.name, "kind": product.kind, "summary": product.summary, "description": product.description,
            "segment_keys": [s.key for s in product.segments.all()], "deployment": product.deployment,
            "price": product.price, "price_unit": product.price_unit, "implementation_days": product.implementation_days,
            "sample_enterprise_name": product.sample_enterprise_name, "sample_contract_date": product.sample_contract_date,
            "sample_summary": product.sample_summary,
        }  # fmt: skip
        for n, (scene, _group) in enumerate(scene_choices(product.provider.program)):
            initial[f"scene_{n}"] = levels.get(scene)
        return initial

    def main_fields(self) -> list[forms.BoundField]:
        scenes = {name for name, _group in self.scene_fields}
        return [field for field in self.visible_fields() if field.name not in scenes]

    def scene_rows(self) -> list[tuple[forms.BoundField, str]]:
        return [(self[name], group) for name, group in self.scene_fields]

    def to_data(self) -> ProductData:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("scene_")}
        scenes = {
            self.fields[name].label: self.cleaned_data[name]
            for name, _g in self.scene_fields
            if self.cleaned_data.get(name)
        }
        return ProductData(**data, scenes=scenes)  # type: ignore[arg-type]


class ProductReviewForm(forms.Form):
    prefix = "review"  # several forms share a page: keep their ids apart
    opinion = forms.CharField(
        label=_("评审意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    paper_ok = forms.BooleanField(label=_("材料评审通过"), required=False)
    demo_ok = forms.BooleanField(label=_("现场答辩与演示通过"), required=False)
    test_ok = forms.BooleanField(label=_("技术测试通过"), required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters; a bad value is reported next to its field and ignored."""

    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    scene = forms.ChoiceField(label=_("应用场景"), required=False)
    min_level = forms.TypedChoiceField(label=_("至少达到"), required=False, coerce=int, empty_value=None,
                                       choices=[("", _("任意等级")), *LEVELS[1:]])  # fmt: skip
    segment = forms.ChoiceField(label=_("细分行业"), required=False)
    price_min = forms.DecimalField(
        label=_("价格下限（元）"), required=False, min_value=0, max_digits=12, decimal_places=2,
        widget=forms.NumberInput(attrs={"placeholder": _("最低"), "aria-label": _("价格下限（元）")}),
    )  # fmt: skip
    price_max = forms.DecimalField(
        label=_("价格上限（元）"), required=False, min_value=0, max_digits=12, decimal_places=2,
        widget=forms.NumberInput(attrs={"placeholder": _("最高"), "aria-label": _("价格上限（元）")}),
    )  # fmt: skip
    deployment = forms.ChoiceField(
        label=_("部署方式"), required=False, choices=[("", _("全部")), *Deployment.choices]
    )
    kind = forms.ChoiceField(
        label=_("产品类型"), required=False, choices=[("", _("全部")), *ProductKind.choices]
    )
    excellent = forms.BooleanField(label=_("只看优秀产品"), required=False)

    def __init__(self, *args: Any, program: Program | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scenes = [(name, name) for name, _g in scene_choices(program)]
        choice_field(self, "scene").choices = [("", _("全部")), *scenes]
        segments = list(program.segments.all()) if program else []
        choice_field(self, "segment").choices = [
            ("", _("全部")),
            *((s.key, s.name) for s in segments),
        ]

    def side_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("scene", "min_level", "segment", "deployment", "kind")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("价格上限不能低于下限。"))
        return data

    def filters(self) -> Filters:
        """The valid filters (is_valid() must have run); invalid fields are left out."""
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in self.errors and v not in (None, "")
        }
        return Filters(**data)
