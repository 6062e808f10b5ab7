"""The sentences that explain each eligibility criterion (``core.phrases``): stored as figures in
an application's eligibility snapshot and said in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy, gettext_noop

from dxpilot.core.phrases import INTEGER, MONEY, choice, define

SIZE_LABELS = {
    "large": gettext_lazy("大型"),
    "medium": gettext_lazy("中型"),
    "small": gettext_lazy("小型"),
    "micro": gettext_lazy("微型"),
}
SIZE = choice(lambda: SIZE_LABELS)

IN_PILOT_INDUSTRY = define(
    "eligibility.industry_pilot",
    gettext_noop("行业代码 {code}（{name}）属于试点行业“{segment}”。"),
)
IN_CHAIN = define(
    "eligibility.industry_chain",
    gettext_noop("企业属于重点产业链“{segment}”，按产业链企业名录认定，不以行业代码判断。"),
)
CODE_OUTSIDE_SEGMENT = define(
    "eligibility.industry_check_code",
    gettext_noop(
        "企业登记的细分行业为“{segment}”，但行业代码 {code}（{name}）不在该行业的代码范围内，请核实行业代码。"
    ),
)
OUTSIDE_INDUSTRIES = define(
    "eligibility.industry_outside",
    gettext_noop(
        "行业代码 {code}（{name}）不在试点行业范围（{codes}）内，企业也未列入重点产业链。"
    ),
)
LARGE = define(
    "eligibility.size_large",
    gettext_noop(
        "从业人员 {n} 人、营业收入 {revenue} 万元，按《中小企业划型标准规定》（工信部联企业〔2011〕300号）工业标准属于大型企业，不属于中小企业。"
    ),
    n=INTEGER,
    revenue=MONEY,
)
SME = define(
    "eligibility.size_sme",
    gettext_noop(
        "从业人员 {n} 人、营业收入 {revenue} 万元，按《中小企业划型标准规定》（工信部联企业〔2011〕300号）工业标准属于{size}企业。"
    ),
    n=INTEGER,
    revenue=MONEY,
    size=SIZE,
)
OUTSIDE_CITY = define(
    "eligibility.location_outside",
    gettext_noop("企业所属行政区划“{division}”不在{city}试点范围内。"),
)
NO_REGION_CODE = define(
    "eligibility.location_no_region_code",
    gettext_noop("企业注册在{city}{division}（方案未配置行政区划代码，未核对信用代码）。"),
)
OTHER_AUTHORITY = define(
    "eligibility.location_other_authority",
    gettext_noop(
        "企业登记在{city}{division}，但统一社会信用代码第3-8位为 {authority}，不是{city}（{prefix}）的登记管理机关代码。"
        "企业可能在外地注册后迁入，请核实在本市注册和纳税的情况。"
    ),
)
IN_CITY = define(
    "eligibility.location_in_city",
    gettext_noop(
        "企业注册在{city}{division}，统一社会信用代码第3-8位为 {authority}，属{city}（{prefix}）。"
    ),
)
ALREADY_PILOT = define(
    "eligibility.already_pilot", gettext_noop("企业已是本市试点企业（已入库），不能重复申报。")
)
FUNDED = define(
    "eligibility.funded",
    gettext_noop(
        "企业声明曾获中央财政资金支持。已获中央财政资金支持的企业（如2022年试点企业、已获奖补的专精特新“小巨人”企业）不再重复支持。"
    ),
)
FUNDED_NOTE = define(
    "eligibility.funded_note",
    gettext_noop(
        "企业声明曾获中央财政资金支持（{note}）。已获中央财政资金支持的企业（如2022年试点企业、已获奖补的专精特新“小巨人”企业）不再重复支持。"
    ),
)
NOT_DECLARED = define(
    "eligibility.funding_not_declared",
    gettext_noop(
        "尚未声明是否曾获中央财政资金支持（如2022年试点、专精特新“小巨人”中央财政奖补），请在申报时如实声明。"
    ),
)
LITTLE_GIANT = define(
    "eligibility.little_giant",
    gettext_noop(
        "企业为专精特新“小巨人”企业并声明未获中央财政资金支持；已获支持的“小巨人”企业不得申报，请核实。"
    ),
)
NOT_FUNDED = define(
    "eligibility.not_funded",
    gettext_noop(
        "企业声明未曾获得中央财政资金支持（如2022年试点、专精特新“小巨人”中央财政奖补）。"
    ),
)
ABOVE_SCALE = define(
    "eligibility.above_scale",
    gettext_noop("企业为规模以上工业企业（纳入统计联网直报），可优先支持。"),
)
BELOW_SCALE = define(
    "eligibility.below_scale",
    gettext_noop(
        "企业为规模以下企业。部分城市要求试点行业企业为规上企业（如合肥第（一）类），重点产业链企业不受此限。"
    ),
)

# The phrases each criterion may be explained with (read back by migration 0005).
CODES_BY_KEY: dict[str, tuple[str, ...]] = {
    "industry": tuple(
        p.code for p in (IN_PILOT_INDUSTRY, IN_CHAIN, CODE_OUTSIDE_SEGMENT, OUTSIDE_INDUSTRIES)
    ),
    "size": (LARGE.code, SME.code),
    "location": tuple(p.code for p in (OUTSIDE_CITY, NO_REGION_CODE, OTHER_AUTHORITY, IN_CITY)),
    "not_funded": tuple(
        p.code for p in (ALREADY_PILOT, FUNDED_NOTE, FUNDED, NOT_DECLARED, LITTLE_GIANT, NOT_FUNDED)
    ),
    "above_scale": (ABOVE_SCALE.code, BELOW_SCALE.code),
}
