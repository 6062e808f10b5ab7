"""Forms check the shape of the input; the services decide (and name every refusal)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.assessment.engine import load_indicator_set
from dxpilot.mechanisms.models import Licence, MechanismModel
from dxpilot.mechanisms.services import MODEL_RULES, ModelData
from dxpilot.programs.models import Program


class RuleCheckedMultipleChoiceField(forms.MultipleChoiceField):
    """Offers the choices but leaves the check to the service, so one submission names every
    problem together."""

    def valid_value(self, value: Any) -> bool:
        return True


def scene_choices(program: Program | None) -> list[tuple[str, str]]:
    """(scene name, scene name) of the programme's indicator set, in edition order."""
    edition = load_indicator_set(program.assessment_edition if program else "2024")
    return [(scene.name, scene.name) for scene in edition.scenes]


class ModelForm(forms.Form):
    name = forms.CharField(label=_("模型名称"), max_length=MODEL_RULES["name"].max_length)
    summary = forms.CharField(label=_("一句话介绍"), max_length=MODEL_RULES["summary"].max_length)
    scenes = RuleCheckedMultipleChoiceField(
        label=_("应用场景"), widget=forms.CheckboxSelectMultiple, required=False
    )
    segment_keys = RuleCheckedMultipleChoiceField(
        label=_("适用细分行业"), widget=forms.CheckboxSelectMultiple, required=False
    )
    inputs = forms.CharField(
        label=_("输入"), widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MODEL_RULES["inputs"].max_length,
        help_text=_("模型需要的数据，例如 主轴振动、电流、温度。"),
    )  # fmt: skip
    outputs = forms.CharField(
        label=_("输出"), widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MODEL_RULES["outputs"].max_length,
        help_text=_("模型给出的结果，例如 剩余寿命、故障预警。"),
    )  # fmt: skip
    licence = forms.ChoiceField(label=_("授权方式"), choices=Licence.choices)
    licence_terms = forms.CharField(
        label=_("授权说明"), required=False, max_length=MODEL_RULES["licence_terms"].max_length,
        help_text=_("例如 Apache-2.0，或收费标准。"),
    )  # fmt: skip
    api_url = forms.CharField(
        label=_("接口地址"), required=False, max_length=MODEL_RULES["api_url"].max_length,
        help_text=_("提供在线调用时填写；也可以在下方上传模型文件。"),
    )  # fmt: skip
    description = forms.CharField(
        label=_("模型说明"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MODEL_RULES["description"].max_length,
    )  # fmt: skip
    file = forms.FileField(label=_("模型文件"), required=False)

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenes"].choices = scene_choices(program)  # type: ignore[attr-defined]
        self.fields["segment_keys"].choices = [  # type: ignore[attr-defined]
            (s.key, s.name) for s in program.segments.all()
        ]

    @staticmethod
    def initial_for(model: MechanismModel) -> dict[str, Any]:
        return {
            "name": model.name,
            "summary": model.summary,
            "scenes": [s.scene for s in model.scenes.all()],
            "segment_keys": [s.key for s in model.segments.all()],
            "inputs": model.inputs,
            "outputs": model.outputs,
            "licence": model.licence,
            "licence_terms": model.licence_terms,
            "api_url": model.api_url,
            "description": model.description,
        }

    def to_data(self) -> ModelData:
        data = dict(self.cleaned_data)
        data.pop("file", None)
        return ModelData(**data)


class ReasonForm(forms.Form):
    reasons = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )
