"""Forms of the application pages. They only parse input; the services decide every rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dxpilot.core.forms import ReasonsForm as BaseReasonsForm
from dxpilot.enterprises.models import Application, AttachmentKind

FUNDED_CHOICES = (
    ("no", _("否，未曾获得中央财政资金支持")),
    ("yes", _("是，曾获得中央财政资金支持（如2022年试点企业、专精特新“小巨人”中央财政奖补）")),
)
# Reasons reviewers give most often; they may add their own, one per line.
COMMON_REASONS = (
    _("申报书未盖章或签字不全，请补充。"),
    _("财务报表不完整，请上传近两年完整的财务报表。"),
    _("数字化转型需求或方案过于简单，请说明现状、拟改造场景和目标。"),
    _("企业基本信息（行业代码、规模、所属区划）与材料不一致，请核实。"),
    _("材料扫描件不清晰，请重新上传。"),
)
PLEDGE_TEXT = _(
    "本企业承诺：所填信息和上传材料真实、准确、完整，无失信被执行人、经营异常名录或税收违法黑名单记录，"
    "未曾获得中央财政资金支持（或已如实声明）；如有不实，自愿承担相应责任并退出试点。"
)


class VersionForm(forms.Form):
    """Carries the version the page showed, so a decision on a stale page is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version") if self.is_bound and self.is_valid() else None


class DeclarationForm(forms.Form):
    needs_summary = forms.CharField(
        label=_("数字化转型需求简述"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("现状、拟改造的业务场景、期望达到的数字化水平，200字左右即可。"),
    )
    previously_funded = forms.ChoiceField(
        label=_("是否曾获中央财政资金支持"),
        choices=FUNDED_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    funding_note = forms.CharField(
        label=_("资金支持说明"),
        required=False,
        max_length=200,
        help_text=_("如曾获支持，请写明项目名称和年份。"),
    )

    @staticmethod
    def initial_for(application: Application) -> dict[str, Any]:
        funded = {True: "yes", False: "no"}.get(application.previously_funded, "")  # type: ignore[arg-type]
        return {
            "needs_summary": application.needs_summary,
            "previously_funded": funded,
            "funding_note": application.funding_note,
        }

    def funded(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("previously_funded") or "")


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=_("文件"), help_text=_("PDF、JPG、PNG、DOCX、XLSX，按内容识别类型。")
    )


class SubmitForm(VersionForm):
    pledge = forms.BooleanField(label=PLEDGE_TEXT, required=False)


class DecisionForm(VersionForm):
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AdmitForm(DecisionForm):
    replaces = forms.TypedChoiceField(
        label=_("递补名额"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, replaceable: list[Application] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["replaces"].choices = [("", _("不递补（占用新名额）"))] + [  # type: ignore[attr-defined]
            (a.pk, a.enterprise.name) for a in replaceable or []
        ]


class ReasonsForm(VersionForm, BaseReasonsForm):
    """Return or rejection of an application."""

    common_reasons = COMMON_REASONS


class WithdrawForm(VersionForm):
    reason = forms.CharField(
        label=_("撤回原因"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
