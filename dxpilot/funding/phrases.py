"""The sentences the funding half stores as figures (``core.phrases``): its timeline events,
the subsidy's line-by-line explanation (``Subsidy.explanation``) and the fraud flags'
findings (``Flag.message``). Each is said in the reader's language when shown.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dxpilot.assessment.render import LEVEL
from dxpilot.core.phrases import DATE, INTEGER, MONEY, Field, choice, define
from dxpilot.providers.models.product import PriceUnit


def _show_names(value: Any) -> str:
    names = value if isinstance(value, list) else [value]
    return "、".join(f"“{name}”" for name in names)


def _read_names(text: str) -> list[str]:
    return [part.strip("“”") for part in text.split("”、“")]


def _show_percent_change(value: Any) -> str:
    if value in (None, ""):
        return "—"
    return f"{Decimal(str(value)) * 100:+.1f}%"


def _read_percent_change(text: str) -> str | None:
    if text == "—":
        return None
    return str(Decimal(text.rstrip("%")) / 100)


def _contact_fields() -> dict[str, str]:
    return {"phone": _("联系电话"), "bank": _("银行账号")}


def _price_units() -> dict[str, str]:
    return {str(k): str(v) for k, v in PriceUnit.choices}


NAMES = Field(show=_show_names, read=_read_names, pattern=r"“.+?”(?:、“.+?”)*")
GROWTH = Field(show=_show_percent_change, read=_read_percent_change, pattern=r"—|[+-]\d+\.\d%")
PERCENT = Field(show=str, read=str, pattern=r"\d+")
UNIT = choice(_price_units)

# --- timeline events -------------------------------------------------------------------------
ACCEPTANCE_APPLIED = define(
    "funding.acceptance_apply", gettext_noop("提交第 {round} 轮验收申请。"), round=INTEGER
)
DISTRICT_PASSED = define(
    "funding.acceptance_district_pass",
    gettext_noop("县区初验通过（改造后评测{level}），报送市级验收。"),
    level=LEVEL,
)
RETURNED = define("funding.acceptance_return", gettext_noop("验收申请被退回补正。"))
EXPERT_ASSIGNED = define("funding.acceptance_expert", gettext_noop("已指派市级验收评审专家。"))
EXPERT_REVIEWED = define("funding.acceptance_expert_review", gettext_noop("市级验收专家评审完成。"))
ACCEPTED = define("funding.accepted", gettext_noop("验收通过，项目档案已锁定。"))
REFUSED = define("funding.refused", gettext_noop("验收不通过，项目档案已锁定。"))
SUBSIDY_COMPUTED = define(
    "funding.subsidy_computed",
    gettext_noop("核算奖补 {amount} 元（可计入投入 {eligible} 元 × {ratio}%，上限 {cap} 元）。"),
    amount=MONEY,
    eligible=MONEY,
    ratio=PERCENT,
    cap=MONEY,
)
SUBSIDY_APPROVED = define(
    "funding.subsidy_approved", gettext_noop("核定奖补 {amount} 元，待财政拨付。"), amount=MONEY
)
PAID_ALL = define(
    "funding.subsidy_paid_all",
    gettext_noop("财政拨付奖补 {amount} 元（{batch}），奖补已全部兑现。"),
    amount=MONEY,
)
PAID_PART = define(
    "funding.subsidy_paid", gettext_noop("财政拨付奖补 {amount} 元（{batch}）。"), amount=MONEY
)
PROVIDER_RATED = define(
    "funding.provider_rated", gettext_noop("评价服务商“{provider}”：{score} 星。"), score=INTEGER
)
FOLLOWED_UP = define(
    "funding.follow_up",
    gettext_noop("登记 {year} 年成效跟踪：营业收入增长 {rate}，跟踪评测{level}。"),
    year=INTEGER,
    rate=GROWTH,
    level=LEVEL,
)

# The phrases an event kind may have been written with (read back by migration 0003).
EVENTS_BY_KIND: dict[str, tuple[str, ...]] = {
    "acceptance_apply": (ACCEPTANCE_APPLIED.code,),
    "acceptance_district_pass": (DISTRICT_PASSED.code,),
    "acceptance_return": (RETURNED.code,),
    "acceptance_expert": (EXPERT_ASSIGNED.code,),
    "acceptance_expert_review": (EXPERT_REVIEWED.code,),
    "acceptance_decision": (ACCEPTED.code, REFUSED.code),
    "subsidy_computed": (SUBSIDY_COMPUTED.code,),
    "subsidy_approved": (SUBSIDY_APPROVED.code,),
    "subsidy_paid": (PAID_ALL.code, PAID_PART.code),
    "provider_rated": (PROVIDER_RATED.code,),
    "follow_up": (FOLLOWED_UP.code,),
}

# --- the subsidy's explanation ---------------------------------------------------------------
LINE_COUNTED = define(
    "subsidy.line_counted",
    gettext_noop("计入：{description}（{category}）{amount} 元"),
    amount=MONEY,
)
LINE_UNPAID = define(
    "subsidy.line_unpaid",
    gettext_noop("不计入：{description}（{category}，尚未付款）{amount} 元"),
    amount=MONEY,
)
LINE_PART_PAID = define(
    "subsidy.line_part_paid",
    gettext_noop(
        "部分计入：{description}（{category}）已付 {paid} 元计入，发票 {amount} 元中未付部分不计入"
    ),
    amount=MONEY,
    paid=MONEY,
)
LINE_NOT_ELIGIBLE = define(
    "subsidy.line_not_eligible",
    gettext_noop("不计入：{description}（{category}，不属于可计入类别）{amount} 元"),
    amount=MONEY,
)
LINE_UNKNOWN_CATEGORY = define(
    "subsidy.line_unknown_category",
    gettext_noop("不计入：{description}（{category}，类别未在方案中定义）{amount} 元"),
    amount=MONEY,
)
TOTALS = define(
    "subsidy.totals",
    gettext_noop("可计入投入合计 {eligible} 元；不计入 {excluded} 元。"),
    eligible=MONEY,
    excluded=MONEY,
)
BY_RATIO = define(
    "subsidy.by_ratio",
    gettext_noop("{year} 年完成，奖补比例 {percent}%：{eligible} × {percent}% = {by_ratio} 元。"),
    year=INTEGER,
    percent=PERCENT,
    eligible=MONEY,
    by_ratio=MONEY,
)
CAP = define(
    "subsidy.cap", gettext_noop("评定 {level} 级，单企上限 {cap} 元。"), level=INTEGER, cap=MONEY
)
AMOUNT_CAPPED = define(
    "subsidy.amount_capped",
    gettext_noop("奖补金额 = min({by_ratio}, {cap}) = {amount} 元（已按上限封顶）。"),
    by_ratio=MONEY,
    cap=MONEY,
    amount=MONEY,
)
AMOUNT = define(
    "subsidy.amount",
    gettext_noop("奖补金额 = min({by_ratio}, {cap}) = {amount} 元。"),
    by_ratio=MONEY,
    cap=MONEY,
    amount=MONEY,
)
EXPLANATION_CODES = tuple(
    p.code
    for p in (
        LINE_COUNTED,
        LINE_UNPAID,
        LINE_PART_PAID,
        LINE_NOT_ELIGIBLE,
        LINE_UNKNOWN_CATEGORY,
        TOTALS,
        BY_RATIO,
        CAP,
        AMOUNT_CAPPED,
        AMOUNT,
    )
)

# --- fraud flags -----------------------------------------------------------------------------
SHARED_EVIDENCE = define(
    "flag.shared_evidence",
    gettext_noop(
        "档案文件《{name}》（SHA-256 {sha}…）与{others}档案中的文件完全相同，请核实是否重复使用他人材料。"
    ),
    others=NAMES,
)
INVOICE_OVER_CONTRACT = define(
    "flag.invoice_over_contract",
    gettext_noop(
        "合同 {number} 的发票合计 {invoiced} 元超过合同金额 {amount} 元（超出 {over} 元）。"
    ),
    invoiced=MONEY,
    amount=MONEY,
    over=MONEY,
)
LINE_OVER_CATALOGUE = define(
    "flag.line_over_catalogue",
    gettext_noop(
        "投入“{description}”金额 {amount} 元高于目录产品《{product}》的目录价 {price} {unit}（高出 {over} 元）。"
    ),
    amount=MONEY,
    price=MONEY,
    unit=UNIT,
    over=MONEY,
)
PLAN_OVER_CATALOGUE = define(
    "flag.plan_over_catalogue",
    gettext_noop(
        "方案中产品《{product}》的报价 {amount} 元高于目录价 {price} {unit}（高出 {over} 元）。"
    ),
    amount=MONEY,
    price=MONEY,
    unit=UNIT,
    over=MONEY,
)
SHARED_CONTACT = define(
    "flag.shared_contact",
    gettext_noop(
        "企业“{enterprise}”与其服务商“{provider}”登记的{what}相同，请核实是否存在关联关系。"
    ),
    what=choice(_contact_fields),
)
LEVEL_JUMP = define(
    "flag.level_jump",
    gettext_noop(
        "评测等级由改造前{t0}升至改造后{t1}（提升 {n} 级），可计入投入仅 {invested} 元"
        "（规则：提升 {min} 级及以上且可计入投入低于 {limit} 元）。"
    ),
    t0=LEVEL,
    t1=LEVEL,
    n=INTEGER,
    invested=MONEY,
    min=INTEGER,
    limit=MONEY,
)
INVOICE_BEFORE_CONTRACT = define(
    "flag.invoice_before_contract",
    gettext_noop(
        "“{description}”的发票 {invoice} 开票日期 {invoice_on} 早于合同 {number} 的签订日期 {signed_on}。"
    ),
    invoice_on=DATE,
    signed_on=DATE,
)
PAID_BEFORE_INVOICE = define(
    "flag.paid_before_invoice",
    gettext_noop(
        "“{description}”的付款日期 {paid_on} 早于发票 {invoice} 的开票日期 {invoice_on}。"
    ),
    paid_on=DATE,
    invoice_on=DATE,
)
COMPLETED_BEFORE_CONTRACT = define(
    "flag.completed_before_contract",
    gettext_noop("改造完成日期 {completed_on} 早于最早的合同签订日期 {signed_on}。"),
    completed_on=DATE,
    signed_on=DATE,
)
FLAG_CODES = tuple(
    p.code
    for p in (
        SHARED_EVIDENCE,
        INVOICE_OVER_CONTRACT,
        LINE_OVER_CATALOGUE,
        PLAN_OVER_CATALOGUE,
        SHARED_CONTACT,
        LEVEL_JUMP,
        INVOICE_BEFORE_CONTRACT,
        PAID_BEFORE_INVOICE,
        COMPLETED_BEFORE_CONTRACT,
    )
)
