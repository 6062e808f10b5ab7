"""What an enterprise may share with a bank, and the consent it gives (pure functions).

The bank sees only the fields the enterprise ticked; the enterprise's name and credit code are
always part of a referral (a bank cannot assess an enterprise it cannot identify), everything
else is the enterprise's choice. The consent is stored as the words the enterprise agreed to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

IDENTITY = "identity"
# code → what the enterprise is asked to share, in the order shown.
SHARED_FIELDS: dict[str, Any] = {
    IDENTITY: gettext_lazy("企业名称和统一社会信用代码"),
    "contact": gettext_lazy("联系人、联系电话和电子邮箱"),
    "location": gettext_lazy("所属区划和开发区"),
    "industry": gettext_lazy("国民经济行业和细分行业"),
    "size": gettext_lazy("企业规模、规上/规下和从业人员"),
    "revenue": gettext_lazy("营业收入"),
    "level": gettext_lazy("数字化水平评测等级"),
    "pilot": gettext_lazy("试点企业身份和优质中小企业情况"),
}
REQUIRED = (IDENTITY,)


def ordered_fields(codes: Sequence[str]) -> tuple[list[str], list[str]]:
    """(known codes in the standard order, unknown codes)."""
    chosen = list(dict.fromkeys(str(c) for c in codes))
    return [c for c in SHARED_FIELDS if c in chosen], [c for c in chosen if c not in SHARED_FIELDS]


def consent_text(*, bank: str, product: str, fields: Sequence[str]) -> str:
    """The sentence the enterprise agrees to, in the language it reads."""
    names = "、".join(str(SHARED_FIELDS[c]) for c in fields)
    return _(
        "本企业同意向{bank}提供以下信息，仅用于办理“{product}”的融资对接：{fields}。"
        "本企业可随时撤销授权，撤销后该银行不能再查看上述信息。"
    ).format(bank=bank, product=product, fields=names)


def shared_values(enterprise: Any, fields: Sequence[str]) -> dict[str, Any]:
    """The consented fields of an enterprise and nothing else (codes and figures; the caller
    renders words). Expects division, zone, industry and segment loaded."""
    allowed = set(fields) | set(REQUIRED)
    values: dict[str, Any] = {
        "credit_code": enterprise.credit_code,
        "name": enterprise.name,
    }
    if "contact" in allowed:
        values.update(
            contact_name=enterprise.contact_name,
            contact_phone=enterprise.contact_phone,
            contact_email=enterprise.contact_email,
        )
    if "location" in allowed:
        values.update(
            division=enterprise.division.name,
            zone=enterprise.zone.name if enterprise.zone_id else None,
        )
    if "industry" in allowed:
        values.update(
            industry_code=enterprise.industry.code,
            segment=enterprise.segment.key if enterprise.segment_id else None,
        )
    if "size" in allowed:
        values.update(
            size_class=enterprise.size_class,
            above_scale=enterprise.above_scale,
            employees=enterprise.employees,
        )
    if "revenue" in allowed:
        values["revenue"] = enterprise.revenue
    if "level" in allowed:
        values["level"] = enterprise.level
    if "pilot" in allowed:
        values.update(is_pilot=enterprise.is_pilot, srdi_tier=enterprise.srdi_tier)
    return values
