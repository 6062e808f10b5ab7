"""Forms of the review pages (acceptance, subsidy, disbursement, flags, rating, follow-up). They
only parse input; the services decide every rule and give the exact message."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.core.forms import ReasonsForm as BaseReasonsForm
from dxpilot.funding.services.followup import FollowUpData

# Reasons reviewers give most often when returning or refusing; more may be typed, one per line.
COMMON_REASONS = (
    _("档案材料不齐全或与原件不一致，请补充。"),
    _("投入清单与发票、付款凭证金额不一致，请核实。"),
    _("改造成效佐证不足，请补充系统运行数据或截图。"),
    _("改造后现场评测未达到二级，不符合验收条件。"),
    _("合同、发票或付款日期不在试点方案规定的期限内。"),
)
APPLY_PLEDGE = _(
    "本企业确认：改造已完成，档案材料真实、完整，与现场一致；如有不实，自愿承担相应责任。"
)
SCORES = [(n, "★" * n) for n in range(5, 0, -1)]


class ApplyForm(forms.Form):
    confirm = forms.BooleanField(label=APPLY_PLEDGE, required=True)


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label=_("初验意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonsForm(BaseReasonsForm):
    """Return or refusal of an acceptance step."""

    common_reasons = COMMON_REASONS


class DecisionForm(ReasonsForm):
    decision = forms.ChoiceField(
        label=_("验收决定"),
        choices=(("accept", _("验收通过")), ("refuse", _("验收不通过"))),
        widget=forms.RadioSelect,
    )

    def accept(self) -> bool:
        return bool(self.cleaned_data["decision"] == "accept")


class AnyAssessorField(forms.TypedChoiceField):
    """The drop-down offers the assessors without a conflict, but any posted id is passed on:
    the service decides and says why (回避, not Django's "select a valid choice")."""

    def valid_value(self, value: Any) -> bool:
        text = str(value)
        return text.isdigit() and len(text) <= 18  # a primary key, never an overflowing integer


class ExpertForm(forms.Form):
    expert = AnyAssessorField(label=_("评审专家"), coerce=int)

    def __init__(self, *args: Any, experts: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [  # type: ignore[attr-defined]
            (e.pk, f"{e.display_name or e.username}（{e.organization or '—'}）")
            for e in experts or []
        ]


class ReviewForm(forms.Form):
    score = forms.DecimalField(label=_("专家评分（0–100）"), max_digits=5, decimal_places=2)
    opinion = forms.CharField(
        label=_("专家意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class BatchForm(forms.Form):
    name = forms.CharField(label=_("批次名称"), max_length=100)
    stage = forms.ChoiceField(label=_("拨付阶段"))

    def __init__(
        self, *args: Any, stages: list[dict[str, Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [  # type: ignore[attr-defined]
            (s["key"], f"{s['name']}（{Decimal(s['share']) * 100:.0f}%）") for s in stages or []
        ]


class AddToBatchForm(forms.Form):
    subsidies = forms.TypedMultipleChoiceField(
        label=_("已核定待拨付的奖补"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, subsidies: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subsidies"].choices = [  # type: ignore[attr-defined]
            (s.pk, f"{s.project.enterprise.name} · {s.amount:,.2f} 元") for s in subsidies or []
        ]


class ResolveFlagForm(forms.Form):
    # Not required here: the service gives the message (the same for the page and the API).
    note = forms.CharField(
        label=_("核查处理说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RatingForm(forms.Form):
    provider = forms.TypedChoiceField(label=_("服务商"), coerce=int)
    score = forms.TypedChoiceField(
        label=_("评分"), coerce=int, choices=SCORES, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("评价意见"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, providers: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(p.pk, p.name) for p in providers or []]  # type: ignore[attr-defined]


def _amount(label: Any, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=12, decimal_places=2)


class FollowUpForm(forms.Form):
    year = forms.IntegerField(label=_("跟踪年度"), min_value=2000, max_value=2100)
    revenue_before = _amount(_("改造前营业收入（万元）"))
    revenue_after = _amount(_("跟踪年度营业收入（万元）"))
    land_mu = _amount(_("用地面积（亩）"))
    tax_before = _amount(_("改造前税收（万元）"), required=False)
    tax_after = _amount(_("跟踪年度税收（万元）"), required=False)

    def data_object(self) -> FollowUpData:
        d = self.cleaned_data
        return FollowUpData(
            year=d["year"], revenue_before=d["revenue_before"], revenue_after=d["revenue_after"],
            land_mu=d["land_mu"], tax_before=d.get("tax_before"), tax_after=d.get("tax_after"),
        )  # fmt: skip
