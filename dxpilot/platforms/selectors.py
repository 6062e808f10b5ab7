"""Platform and cloud-adoption reads and their data scope.

- `visible_platforms(user)`: the registry; officials and enterprises read all of the programme's
  platforms, a platform's API client only its own platform.
- `visible_adoptions(user)`: adoptions of the enterprises in the user's scope
  (`visible_enterprises`); a platform's client sees only its own records, and only for the
  enterprises it serves.
- `served_enterprises(platform)`: the enterprises whose live authorisation (PlatformGrant) names
  the platform. This is the one rule for what a platform may push for.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.engine import load_indicator_set
from dxpilot.enterprises.models import Application, Enterprise
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.platforms.models import CloudAdoption, Platform, PlatformGrant
from dxpilot.programs.models import Program

OFFICIALS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER})
# Officials who may record an adoption for an enterprise in their scope (finance pays, not enters).
RECORDING_OFFICIALS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})
REGISTRY_READERS = OFFICIALS | {Role.ENTERPRISE}


def platform_of(user: Any) -> Platform | None:
    """The platform whose API client `user` is (None for every other account)."""
    if scope_of(user).role != Role.API_CLIENT:
        return None
    return Platform.objects.filter(client_id=user.pk).first()


def visible_platforms(user: Any) -> QuerySet[Platform]:
    scope = scope_of(user)
    platforms = Platform.objects.select_related("program").prefetch_related("segments")
    if scope.role in REGISTRY_READERS:
        return platforms
    if scope.role == Role.API_CLIENT:
        return platforms.filter(client_id=scope.user_id)
    return platforms.none()


def get_platform_for_user(user: Any, pk: int) -> Platform:
    try:
        return visible_platforms(user).get(pk=pk)
    except (Platform.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该平台，或您无权查看。")) from None


def search_platforms(
    user: Any, program: Program | None, *, q: str = "", kind: str = "", level: str = ""
) -> QuerySet[Platform]:
    platforms = visible_platforms(user)
    if program is not None:
        platforms = platforms.filter(program=program)
    if q:
        platforms = platforms.filter(Q(name__icontains=q) | Q(operator__icontains=q))
    if kind:
        platforms = platforms.filter(kind=kind)
    if level:
        platforms = platforms.filter(level=level)
    return platforms.annotate(
        adoption_count=Count("adoptions", distinct=True),
        served_count=Count("grants", filter=Q(grants__revoked_at__isnull=True), distinct=True),
    ).order_by("name", "pk")


def served_enterprises(platform: Platform) -> QuerySet[Enterprise]:
    """The enterprises that authorised this platform (a live grant): what it may push for."""
    live = PlatformGrant.objects.filter(
        platform=platform, enterprise=OuterRef("pk"), revoked_at__isnull=True
    )
    return Enterprise.objects.filter(program_id=platform.program_id).filter(Exists(live))


def get_served_enterprise(platform: Platform, credit_code: str) -> Enterprise:
    """404 whether the enterprise does not exist or has not authorised the platform."""
    enterprise = served_enterprises(platform).filter(credit_code=credit_code.strip().upper())
    found = enterprise.first()
    if found is None:
        raise Http404(_("没有找到该企业，或您无权查看。"))
    return found


def visible_adoptions(user: Any) -> QuerySet[CloudAdoption]:
    adoptions = CloudAdoption.objects.select_related("enterprise", "platform")
    platform = platform_of(user)
    if platform is not None:
        return adoptions.filter(
            platform=platform, enterprise__in=served_enterprises(platform).values("pk")
        )
    if scope_of(user).role not in REGISTRY_READERS:
        return adoptions.none()
    return adoptions.filter(enterprise__in=visible_enterprises(user).values("pk"))


def enterprise_adoptions(enterprise: Enterprise) -> list[CloudAdoption]:
    return list(
        CloudAdoption.objects.filter(enterprise=enterprise)
        .select_related("platform", "recorded_by")
        .order_by("-since", "pk")
    )


def enterprise_grants(enterprise: Enterprise) -> list[PlatformGrant]:
    return list(
        PlatformGrant.objects.filter(enterprise=enterprise, revoked_at__isnull=True)
        .select_related("platform")
        .order_by("platform__name")
    )


def get_grant_for_user(user: Any, pk: int) -> PlatformGrant:
    """An enterprise user's own live grant; 404 otherwise."""
    scope = scope_of(user)
    grant = None
    if scope.role == Role.ENTERPRISE and scope.enterprise_id is not None:
        grant = (
            PlatformGrant.objects.select_related("platform", "enterprise")
            .filter(pk=pk, revoked_at__isnull=True, enterprise_id=scope.enterprise_id)
            .first()
        )
    if grant is None:
        raise Http404(_("没有找到该授权，或您无权查看。"))
    return grant


def scene_choices(program: Program | None) -> list[tuple[str, str]]:
    """(scene code, scene name) of the programme's indicator set, in edition order."""
    indicator_set = load_indicator_set(program.assessment_edition if program else "2024")
    return [(scene.code, scene.name) for scene in indicator_set.scenes]


def scene_names(program: Program | None) -> dict[str, str]:
    return dict(scene_choices(program))


# --- coverage ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    label: str
    total: int
    covered: int

    @property
    def share(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(self.covered) / Decimal(self.total)).quantize(Decimal("0.0001"))

    @property
    def percent(self) -> Decimal | None:
        share = self.share
        return None if share is None else (share * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Coverage:
    total: CoverageRow
    by_batch: list[CoverageRow]
    by_division: list[CoverageRow]
    by_segment: list[CoverageRow]


def pilots_with_adoption(enterprises: QuerySet[Any]) -> QuerySet[Any]:
    """The pilot enterprises of `enterprises`, annotated with `adopted` (at least one adoption)
    and `admitted_batch` (the batch that admitted them, if any)."""
    adopted = CloudAdoption.objects.filter(enterprise=OuterRef("pk"))
    admitted = Application.objects.filter(
        enterprise=OuterRef("pk"), status=Application.Status.ADMITTED
    ).values("batch_id")[:1]
    annotated: QuerySet[Any] = enterprises.filter(is_pilot=True).annotate(
        adopted=Exists(adopted), admitted_batch=Subquery(admitted)
    )
    return annotated


COUNTS = {"total": Count("pk"), "covered": Count("pk", filter=Q(adopted=True))}


def coverage_share(enterprises: QuerySet[Any]) -> CoverageRow:
    """Pilot enterprises of `enterprises` with at least one adoption, in one query."""
    totals = pilots_with_adoption(enterprises).aggregate(**COUNTS)
    return CoverageRow(str(_("合计")), totals["total"], totals["covered"])


def coverage_by_segment(enterprises: QuerySet[Any]) -> list[CoverageRow]:
    rows = (
        pilots_with_adoption(enterprises)
        .values("segment_id", "segment__name", "segment__order")
        .annotate(**COUNTS)
        .order_by("segment__order", "segment_id")
    )
    none = str(_("未划分细分行业"))
    return [CoverageRow(r["segment__name"] or none, r["total"], r["covered"]) for r in rows]


def coverage(user: Any, program: Program) -> Coverage:
    """Share of pilot enterprises with at least one adoption, in the user's data scope: five
    queries at any size (aggregates in the database, never a loop over enterprises)."""
    enterprises = visible_enterprises(user).filter(program=program)
    pilots = pilots_with_adoption(enterprises)
    by_batch = pilots.values("admitted_batch").annotate(**COUNTS)
    batches = {b.pk: b for b in program.batches.all()}
    batch_rows = sorted(
        by_batch,
        key=lambda r: (
            r["admitted_batch"] is None,
            getattr(batches.get(r["admitted_batch"]), "number", 0),
        ),
    )
    no_batch = str(_("未记录入库批次"))
    by_division = (
        pilots.values("division_id", "division__name", "division__order")
        .annotate(**COUNTS)
        .order_by("division__order", "division_id")
    )
    return Coverage(
        total=coverage_share(enterprises),
        by_batch=[
            CoverageRow(
                batches[r["admitted_batch"]].name if r["admitted_batch"] in batches else no_batch,
                r["total"],
                r["covered"],
            )
            for r in batch_rows
        ],
        by_division=[
            CoverageRow(r["division__name"], r["total"], r["covered"]) for r in by_division
        ],
        by_segment=coverage_by_segment(enterprises),
    )
