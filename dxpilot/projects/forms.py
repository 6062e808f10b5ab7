"""Forms of the delivery pages. They only parse input; the services decide every rule, so a field
whose value is checked by a rule (provider, category) accepts any value and lets the service
give its exact message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.projects.models import Contract, EvidenceKind, TransformationProject
from dxpilot.projects.rules import categories
from dxpilot.projects.services.contract import ContractData, InvestmentData
from dxpilot.providers.models import Provider

LEVEL_CHOICES = ((1, _("一级")), (2, _("二级")), (3, _("三级")), (4, _("四级")))


class DateInput(forms.DateInput):
    input_type = "date"


def _date() -> forms.DateField:
    return forms.DateField(widget=DateInput())


class OpenProjectForm(forms.Form):
    title = forms.CharField(
        label=_("项目名称"), max_length=120, required=False, help_text=_("留空则按企业名称生成。")
    )


class TargetForm(forms.Form):
    """The plan page's recomputation: target level and optional budget."""

    target_level = forms.TypedChoiceField(
        label=_("目标等级"), choices=LEVEL_CHOICES, coerce=int, initial=2
    )
    budget = forms.DecimalField(
        label=_("预算（元）"), required=False, min_value=0, max_digits=12, decimal_places=2,
        help_text=_("留空表示不限预算。"),
    )  # fmt: skip


class PlanForm(TargetForm):
    products = forms.TypedMultipleChoiceField(
        label=_("选定的产品"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, choices: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["products"].choices = choices or []  # type: ignore[attr-defined]


class ContractForm(forms.Form):
    provider = forms.IntegerField(label=_("服务商"), widget=forms.Select)
    number = forms.CharField(label=_("合同编号"), max_length=60)
    signed_on = forms.DateField(label=_("签订日期"), widget=DateInput())
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput())
    ends_on = forms.DateField(label=_("结束日期"), widget=DateInput())
    amount = forms.DecimalField(label=_("合同金额（元）"), max_digits=12, decimal_places=2)
    scope = forms.CharField(
        label=_("改造范围清单"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一项：产品和服务、改造措施。"),
    )  # fmt: skip

    def __init__(self, *args: Any, project: TransformationProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Providers in the pool; a suspended one stays listed so the refusal can say why.
        providers = Provider.objects.filter(
            program_id=project.program_id,
            status__in=(Provider.Status.APPROVED, Provider.Status.SUSPENDED),
        ).order_by("name")
        self.fields["provider"].widget.choices = [("", "—")] + [
            (
                p.pk,
                p.name
                if p.status == Provider.Status.APPROVED
                else f"{p.name}（{p.get_status_display()}）",
            )
            for p in providers
        ]

    @classmethod
    def initial_from(cls, contract: Contract) -> dict[str, Any]:
        return {
            "provider": contract.provider_id,
            "number": contract.number,
            "signed_on": contract.signed_on,
            "starts_on": contract.starts_on,
            "ends_on": contract.ends_on,
            "amount": contract.amount,
            "scope": "\n".join(contract.scope),
        }

    def data_object(self) -> ContractData:
        c = self.cleaned_data
        scope = [line.strip() for line in c["scope"].splitlines() if line.strip()]
        return ContractData(
            c["provider"],
            c["number"],
            c["signed_on"],
            c["starts_on"],
            c["ends_on"],
            c["amount"],
            scope,
        )


class InvestmentForm(forms.Form):
    contract = forms.IntegerField(label=_("合同"), widget=forms.Select)
    category = forms.CharField(label=_("投入类别"), widget=forms.Select)
    description = forms.CharField(label=_("内容"), max_length=200)
    amount = forms.DecimalField(label=_("发票金额（元）"), max_digits=12, decimal_places=2)
    invoice_number = forms.CharField(label=_("发票号码"), max_length=40)
    invoice_on = forms.DateField(label=_("开票日期"), widget=DateInput())
    paid_on = forms.DateField(label=_("付款日期"), widget=DateInput(), required=False)
    paid_amount = forms.DecimalField(
        label=_("付款金额（元）"), max_digits=12, decimal_places=2, required=False
    )

    def __init__(
        self, *args: Any, project: TransformationProject, contracts: list[Contract], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].widget.choices = [
            (c.pk, f"{c.number} · {c.provider.name}")
            for c in contracts
            if c.status == Contract.Status.FILED
        ]
        self.fields["category"].widget.choices = [
            (key, f"{c['name']}" + ("" if c.get("eligible") else str(_("（不计入奖补）"))))
            for key, c in categories(project.program).items()
        ]

    def data_object(self) -> InvestmentData:
        c = self.cleaned_data
        return InvestmentData(
            c["contract"], c["category"], c["description"], c["amount"], c["invoice_number"],
            c["invoice_on"], c.get("paid_on"), c.get("paid_amount"),
        )  # fmt: skip


class MilestoneForm(forms.Form):
    name = forms.CharField(label=_("里程碑"), max_length=100)
    planned_on = forms.DateField(label=_("计划日期"), widget=DateInput())
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class MilestoneDoneForm(forms.Form):
    actual_on = forms.DateField(label=_("实际完成日期"), widget=DateInput())


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("改造完成日期"), widget=DateInput())


class CorrectCompletionForm(forms.Form):
    completed_on = forms.DateField(label=_("更正后的完工日期"), widget=DateInput())
    reason = forms.CharField(
        label=_("更正理由和依据"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例如：完工报告落款日期、最后一个里程碑的验收记录。"),
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=EvidenceKind.choices)
    file = forms.FileField(
        label=_("文件"), help_text=_("PDF、JPG、PNG、DOCX、XLSX，类型按文件内容识别。")
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
    supersedes = forms.IntegerField(widget=forms.HiddenInput, required=False)
