"""Programme metrics computed from the catalogue (registered in ProvidersConfig.ready).

Products count as the public catalogue shows them: listed, of a provider in the pool and not
suspended (`public_products`), so the KPI and the catalogue give the same number."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from dxpilot.programs.metrics import Measure, Metric, Scope, register
from dxpilot.programs.models import Target
from dxpilot.providers.selectors import public_products


def listed_products(target: Target, scope: Scope) -> Measure:
    return Measure(Decimal(public_products().filter(provider__program=scope.program).count()))


def excellent_products(target: Target, scope: Scope) -> Measure:
    products = public_products().filter(provider__program=scope.program, is_excellent=True)
    return Measure(Decimal(products.count()))


def register_metrics() -> None:
    register(
        Metric(
            "listed_products",
            _("已上架的“小快轻准”产品数"),
            listed_products,
            definition=_(
                "产品目录公开展示的产品：已上架、所属服务商在资源池内且未被暂停，与公开目录一致。"
            ),
            formula=_("公开目录中的产品数"),
            population=_("本方案服务商的产品（全市，不按县区划分）"),
        )
    )
    register(
        Metric(
            "excellent_products",
            _("优秀产品数"),
            excellent_products,
            definition=_("公开目录中被评为优秀产品的“小快轻准”产品。"),
            formula=_("公开目录中标记为优秀产品的产品数"),
            population=_("本方案服务商的产品（全市，不按县区划分）"),
        )
    )
