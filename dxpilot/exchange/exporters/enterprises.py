"""The enterprise list, as the user's scope reaches it; headers match the import template, so an
exported file can be corrected and imported again (masked contacts are refused on import)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from dxpilot.accounts.models import OFFICIAL_ROLES
from dxpilot.assessment import engine
from dxpilot.core.masking import mask_account, mask_email, mask_name, mask_phone
from dxpilot.enterprises.models import Enterprise, Nature, SizeClass, SrdiTier
from dxpilot.enterprises.selectors import search_enterprises
from dxpilot.exchange.exporters.base import ExportColumn, Exporter

FIELDS = (
    "credit_code", "name", "division__name", "zone__name", "industry__code", "industry__name",
    "segment__name", "nature", "srdi_tier", "above_scale", "employees", "revenue", "size_class",
    "founded_on", "address", "is_pilot", "level", "contact_name", "contact_phone", "contact_email",
    "bank_account",
)  # fmt: skip


class EnterpriseExporter(Exporter):
    key = "enterprises"
    label = gettext_noop("企业名录")
    roles = OFFICIAL_ROLES
    filter_names = ("q", "division", "segment", "pilot")
    columns = (
        ExportColumn(gettext_noop("统一社会信用代码"), 22),
        ExportColumn(gettext_noop("企业名称"), 32),
        ExportColumn(gettext_noop("行政区划")),
        ExportColumn(gettext_noop("开发区"), 24),
        ExportColumn(gettext_noop("行业代码"), 10),
        ExportColumn(gettext_noop("行业名称"), 24),
        ExportColumn(gettext_noop("细分行业"), 24),
        ExportColumn(gettext_noop("企业性质"), 10),
        ExportColumn(gettext_noop("优质中小企业情况"), 22),
        ExportColumn(gettext_noop("规上"), 8),
        ExportColumn(gettext_noop("从业人员（人）"), 12, "integer"),
        ExportColumn(gettext_noop("营业收入（万元）"), 16, "amount"),
        ExportColumn(gettext_noop("企业规模"), 10),
        ExportColumn(gettext_noop("成立日期"), 12, "date"),
        ExportColumn(gettext_noop("地址"), 32),
        ExportColumn(gettext_noop("试点企业"), 10),
        ExportColumn(gettext_noop("现场评测等级"), 12),
        ExportColumn(gettext_noop("联系人")),
        ExportColumn(gettext_noop("联系电话")),
        ExportColumn(gettext_noop("电子邮箱"), 24),
        ExportColumn(gettext_noop("银行账号"), 24),
    )

    def queryset(self, user: Any, filters: dict[str, str]) -> QuerySet[Enterprise]:
        # The list page's own search, so the file holds exactly the rows the page showed.
        return search_enterprises(user, **{k: filters.get(k, "") for k in self.filter_names})

    def rows(self, queryset: QuerySet[Enterprise], *, masked: bool) -> Iterator[Sequence[Any]]:
        natures, tiers, sizes = (
            dict(Nature.choices),
            dict(SrdiTier.choices),
            dict(SizeClass.choices),
        )
        values = queryset.values_list(*FIELDS).iterator(chunk_size=2000)
        for row in values:
            (code, name, division, zone, industry, industry_name, segment, nature, tier, above,
             employees, revenue, size, founded, address, pilot, level, person, phone, email, account) = row  # fmt: skip
            if masked:
                person = mask_name(person) if person else ""
                phone = mask_phone(phone) if phone else ""
                email = mask_email(email) if email else ""
                account = mask_account(account) if account else ""
            yield (
                code, name, division, zone, industry, industry_name, segment, str(natures.get(nature, nature)),
                str(tiers.get(tier, tier)), above, employees, revenue, str(sizes.get(size, size)), founded,
                address, pilot, engine.level_name(level) if level is not None else "", person, phone, email,
                account,
            )  # fmt: skip
