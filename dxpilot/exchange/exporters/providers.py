"""Service providers and their products, as the user's provider/product scope reaches them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from dxpilot.accounts.models import OFFICIAL_ROLES, Role
from dxpilot.core.masking import mask_account, mask_name, mask_phone
from dxpilot.exchange.exporters.base import ExportColumn, Exporter
from dxpilot.providers.models import Deployment, PriceUnit, Product, ProductKind, Provider
from dxpilot.providers.selectors import visible_products, visible_providers

SEPARATOR = "；"


def scenes_text(levels: dict[str, int]) -> str:
    """ "生产管控:3；产品设计:2" — the form the product import reads back."""
    return SEPARATOR.join(f"{scene}:{level}" for scene, level in levels.items())


class ProviderExporter(Exporter):
    key = "providers"
    label = gettext_noop("服务商")
    roles = OFFICIAL_ROLES
    columns = (
        ExportColumn(gettext_noop("统一社会信用代码"), 22),
        ExportColumn(gettext_noop("服务商名称"), 32),
        ExportColumn(gettext_noop("服务商类型"), 12),
        ExportColumn(gettext_noop("状态"), 10),
        ExportColumn(gettext_noop("服务细分行业"), 40),
        ExportColumn(gettext_noop("办公地址"), 32),
        ExportColumn(gettext_noop("网站"), 24),
        ExportColumn(gettext_noop("入库时间"), 12, "date"),
        ExportColumn(gettext_noop("联系人")),
        ExportColumn(gettext_noop("联系电话")),
        ExportColumn(gettext_noop("银行账号"), 24),
    )

    def queryset(self, user: Any, filters: dict[str, str]) -> QuerySet[Provider]:
        return visible_providers(user).prefetch_related("segments").order_by("name", "pk")

    def rows(self, queryset: QuerySet[Provider], *, masked: bool) -> Iterator[Sequence[Any]]:
        statuses = dict(Provider.Status.choices)
        for p in queryset.iterator(chunk_size=1000):
            person, phone, account = p.contact_name, p.contact_phone, p.bank_account
            if masked:
                person = mask_name(person) if person else ""
                phone = mask_phone(phone) if phone else ""
                account = mask_account(account) if account else ""
            yield (
                p.credit_code, p.name, p.kind.name, str(statuses.get(p.status, p.status)),
                "、".join(s.name for s in p.segments.all()), p.address, p.website,
                timezone.localtime(p.approved_at).date() if p.approved_at else None,
                person, phone, account,
            )  # fmt: skip


class ProductExporter(Exporter):
    key = "products"
    label = gettext_noop("产品")
    roles = frozenset({*OFFICIAL_ROLES, Role.PROVIDER})
    columns = (
        ExportColumn(gettext_noop("服务商"), 28),
        ExportColumn(gettext_noop("产品名称"), 28),
        ExportColumn(gettext_noop("产品类型"), 14),
        ExportColumn(gettext_noop("状态"), 10),
        ExportColumn(gettext_noop("优秀产品"), 8),
        ExportColumn(gettext_noop("一句话介绍"), 40),
        ExportColumn(gettext_noop("部署方式"), 14),
        ExportColumn(gettext_noop("价格（元）"), 14, "amount"),
        ExportColumn(gettext_noop("计价单位"), 12),
        ExportColumn(gettext_noop("实施周期（天）"), 10, "integer"),
        ExportColumn(gettext_noop("应用场景及可达等级"), 36),
        ExportColumn(gettext_noop("适用细分行业"), 36),
        ExportColumn(gettext_noop("样板项目企业"), 28),
        ExportColumn(gettext_noop("样板项目合同日期"), 12, "date"),
    )

    def queryset(self, user: Any, filters: dict[str, str]) -> QuerySet[Product]:
        return (
            visible_products(user)
            .select_related("provider")
            .prefetch_related("scenes", "segments")
            .order_by("provider__name", "name", "pk")
        )

    def rows(self, queryset: QuerySet[Product], *, masked: bool) -> Iterator[Sequence[Any]]:
        kinds, deployments, units = (
            dict(ProductKind.choices),
            dict(Deployment.choices),
            dict(PriceUnit.choices),
        )
        statuses = dict(Product.Status.choices)
        for p in queryset.iterator(chunk_size=1000):
            yield (
                p.provider.name, p.name, str(kinds.get(p.kind, p.kind)), str(statuses.get(p.status, p.status)),
                p.is_excellent, p.summary, str(deployments.get(p.deployment, p.deployment)), p.price,
                str(units.get(p.price_unit, p.price_unit)), p.implementation_days,
                scenes_text({s.scene: s.level for s in p.scenes.all()}),
                "、".join(s.name for s in p.segments.all()), p.sample_enterprise_name, p.sample_contract_date,
            )  # fmt: skip
