from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.enterprises.models import Nature, SrdiTier
from dxpilot.enterprises.services import EnterpriseData
from dxpilot.enterprises.types import ENTERPRISE_RULES, MAX_EMPLOYEES
from dxpilot.programs.models import Division, Program


class EnterpriseForm(forms.Form):
    credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=24, help_text=_("18位，最后一位为校验码。")
    )
    name = forms.CharField(label=_("企业名称"), max_length=ENTERPRISE_RULES["name"].max_length)
    division_code = forms.ChoiceField(label=_("所属行政区划"))
    zone_code = forms.ChoiceField(label=_("所属开发区"), required=False)
    industry_code = forms.CharField(
        label=_("行业代码（4位小类）"),
        max_length=4,
        help_text=_("国民经济行业分类 GB/T 4754-2017，例如 3670。"),
    )
    segment_key = forms.ChoiceField(label=_("细分行业"), required=False)
    nature = forms.ChoiceField(label=_("企业性质"), choices=Nature.choices)
    srdi_tier = forms.ChoiceField(label=_("优质中小企业情况"), choices=SrdiTier.choices)
    above_scale = forms.BooleanField(label=_("规模以上工业企业"), required=False)
    employees = forms.IntegerField(label=_("从业人员（人）"), min_value=0, max_value=MAX_EMPLOYEES)
    revenue = forms.DecimalField(
        label=_("上年营业收入（万元）"), min_value=0, max_digits=12, decimal_places=2
    )
    address = forms.CharField(
        label=_("地址"), required=False, max_length=ENTERPRISE_RULES["address"].max_length
    )
    founded_on = forms.DateField(
        label=_("成立日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    is_pilot = forms.BooleanField(label=_("试点企业"), required=False)
    contact_name = forms.CharField(
        label=_("联系人"), required=False, max_length=ENTERPRISE_RULES["contact_name"].max_length
    )
    contact_phone = forms.CharField(
        label=_("联系电话"), required=False, max_length=ENTERPRISE_RULES["contact_phone"].max_length
    )
    contact_email = forms.EmailField(
        label=_("电子邮箱"), required=False, max_length=ENTERPRISE_RULES["contact_email"].max_length
    )
    bank_account = forms.CharField(
        label=_("银行账号"), required=False, max_length=ENTERPRISE_RULES["bank_account"].max_length
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        divisions = program.divisions.all()
        self.fields["division_code"].choices = [  # type: ignore[attr-defined]
            (d.code, d.name) for d in divisions if d.kind != Division.Kind.ZONE
        ]
        self.fields["zone_code"].choices = [("", _("不属于开发区"))] + [  # type: ignore[attr-defined]
            (d.code, d.name) for d in divisions if d.kind == Division.Kind.ZONE
        ]
        self.fields["segment_key"].choices = [("", _("未归入"))] + [  # type: ignore[attr-defined]
            (s.key, s.name) for s in program.segments.all()
        ]

    def to_data(self) -> EnterpriseData:
        return EnterpriseData(**self.cleaned_data)
