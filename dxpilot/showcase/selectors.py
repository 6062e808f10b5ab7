"""What the public showcase (成果展示) shows: the same for every visitor, from published or
public records only, each section in a fixed number of queries whatever the scale.

Never shown: a person (names, contacts), a phone number, a credit code (no enterprise has
consented to publishing its code: there is no consent field, so no code is shown at all), a
contract amount — nor investment or subsidy amounts, from which the contract or eligible
investment could be worked back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from dxpilot.assessment.engine import level_name
from dxpilot.cases.models import Case
from dxpilot.cases.selectors import figure_table, published_cases, published_counts
from dxpilot.dashboard.kpis import Kpi, programme_kpis_whole
from dxpilot.enterprises.models import Enterprise
from dxpilot.programs.models import Program
from dxpilot.providers.models import Product, Provider
from dxpilot.providers.selectors import directory_providers, public_products

# No group of fewer enterprises is shown in a distribution (a small group could point at one).
ANONYMITY_THRESHOLD = 5
LEVELS = (0, 1, 2, 3, 4)


def headline(program: Program) -> list[Kpi]:
    """The programme's targets that have a data source, with their whole-programme value."""
    return [kpi for kpi in programme_kpis_whole(program) if kpi.has_source]


@dataclass
class SegmentLevels:
    name: str
    total: int
    by_level: list[int]
    unassessed: int


@dataclass
class Distribution:
    rows: list[SegmentLevels] = field(default_factory=list)
    hidden_groups: int = 0
    levels: list[str] = field(default_factory=list)


def level_distribution(program: Program, threshold: int = ANONYMITY_THRESHOLD) -> Distribution:
    """Pilot enterprises per 细分行业 and current on-site level (one query); a 细分行业 with
    fewer than `threshold` pilot enterprises is left out (only how many were left out is said)."""
    rows = (
        Enterprise.objects.filter(program=program, is_pilot=True, segment__isnull=False)
        .order_by()
        .values("segment_id", "segment__name", "segment__order", "level")
        .annotate(n=Count("pk"))
    )
    groups: dict[int, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(
            row["segment_id"],
            {"name": row["segment__name"], "order": row["segment__order"], "levels": {}},
        )
        group["levels"][row["level"]] = group["levels"].get(row["level"], 0) + row["n"]
    shown, hidden = [], 0
    for group in sorted(groups.values(), key=lambda g: (g["order"], g["name"])):
        levels = group["levels"]
        total = sum(levels.values())
        if total < threshold:
            hidden += 1
            continue
        shown.append(
            SegmentLevels(
                name=group["name"],
                total=total,
                by_level=[levels.get(level, 0) for level in LEVELS],
                unassessed=levels.get(None, 0),
            )
        )
    return Distribution(shown, hidden, [level_name(level) for level in LEVELS])


def excellent_products(program: Program) -> QuerySet[Product]:
    """Listed excellent products (优秀产品) of providers in the pool."""
    return (
        public_products()
        .filter(is_excellent=True, provider__program=program)
        .select_related("provider")
        .only("pk", "name", "summary", "kind", "provider__name", "provider__id")
        .order_by("name", "pk")
    )


def directory(program: Program) -> QuerySet[Provider]:
    """The provider directory, public fields only (name, type, 细分行业, website)."""
    return (
        directory_providers()
        .filter(program=program)
        .annotate(n_listed=Count("products", filter=Q(products__status=Product.Status.LISTED)))
        .prefetch_related("segments")
        .only("pk", "name", "website", "kind__name", "program_id")
        .order_by("kind__name", "name", "pk")
    )


def case_list(program: Program) -> QuerySet[Case]:
    return (
        published_cases()
        .filter(program=program)
        .only(
            "pk",
            "kind",
            "title",
            "summary",
            "published_at",
            "figures",
            "enterprise__name",
            "enterprise__segment__name",
        )
        .order_by("-published_at", "-pk")
    )


def case_cards(cases: list[Case]) -> list[dict[str, Any]]:
    return [{"case": case, "figures": figure_table(case.figures or {})} for case in cases]


def case_totals(program: Program) -> dict[str, int]:
    return published_counts(program.pk)
