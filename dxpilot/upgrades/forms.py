"""Forms check the shape of the input; `upgrades.rules` and the service decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.upgrades.models import EquipmentCategory, UpgradeProject, UpgradeStatus
from dxpilot.upgrades.rules import UPGRADE_RULES, UpgradeData


class UpgradeForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("企业"), coerce=int)
    name = forms.CharField(label=_("项目名称"), max_length=UPGRADE_RULES["name"].max_length)
    total_investment = forms.DecimalField(
        label=_("总投资（万元）"), max_digits=12, decimal_places=2
    )
    equipment_investment = forms.DecimalField(
        label=_("设备投资（万元）"), max_digits=12, decimal_places=2
    )
    category = forms.ChoiceField(label=_("设备更新方向"), choices=EquipmentCategory.choices)
    status = forms.ChoiceField(label=_("项目状态"), choices=UpgradeStatus.choices)
    start_on = forms.DateField(label=_("开工日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end_on = forms.DateField(
        label=_("完工日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("计划或实际完工日期。"),
    )

    def __init__(self, *args: Any, enterprises: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = enterprises  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(project: UpgradeProject) -> dict[str, Any]:
        return {
            "enterprise": project.enterprise_id,
            "name": project.name,
            "total_investment": project.total_investment,
            "equipment_investment": project.equipment_investment,
            "category": project.category,
            "status": project.status,
            "start_on": project.start_on,
            "end_on": project.end_on,
        }

    def to_data(self) -> UpgradeData:
        data = dict(self.cleaned_data)
        return UpgradeData(enterprise_id=data.pop("enterprise"), **data)
