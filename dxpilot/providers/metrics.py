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
    register(Metric("listed_products", _("已上架的“小快轻准”产品数"), listed_products))
    register(Metric("excellent_products", _("优秀产品数"), excellent_products))
