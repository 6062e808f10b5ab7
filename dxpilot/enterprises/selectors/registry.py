"""Enterprise reads. `visible_enterprises` is the one scope every view, export and API uses."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.masking import mask_account, mask_email, mask_name, mask_phone
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.types import EnterpriseData


def visible_enterprises(user: Any) -> QuerySet[Enterprise]:
    """City admin and finance: all; district officers: their divisions and zones; an enterprise:
    itself; an assessor: the enterprises assigned to them (on site or for acceptance); a provider: the enterprises that
    filed a contract with it."""
    scope = scope_of(user)
    enterprises = Enterprise.objects.select_related("division", "zone", "industry", "segment")
    if scope.programme_wide:
        return enterprises
    if scope.role == Role.DISTRICT_OFFICER:
        return enterprises.filter(
            Q(division__in=scope.division_ids) | Q(zone__in=scope.division_ids)
        )
    if scope.role == Role.ENTERPRISE and scope.enterprise_id is not None:
        return enterprises.filter(pk=scope.enterprise_id)
    if scope.role == Role.ASSESSOR:
        # Relation names, not imports: the assessment and project apps sit above this one.
        # An assessor sees the enterprises it assesses on site and those whose acceptance it
        # reviews as the city's expert (the acceptance page links their timeline).
        assigned = Enterprise.objects.filter(
            Q(assessments__assessor_id=scope.user_id)
            | Q(projects__acceptances__expert_id=scope.user_id)
        )
        return enterprises.filter(pk__in=assigned.values("pk"))
    if scope.role == Role.PROVIDER and scope.provider_id is not None:
        contracted = Enterprise.objects.filter(projects__contracts__provider_id=scope.provider_id)
        return enterprises.filter(pk__in=contracted.values("pk"))
    return enterprises.none()


def get_enterprise_for_user(user: Any, pk: int) -> Enterprise:
    """404 whether the enterprise does not exist or is out of scope: ids reveal nothing."""
    try:
        return visible_enterprises(user).get(pk=pk)
    except (Enterprise.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该企业，或您无权查看。")) from None


def enterprise_counts(user: Any) -> dict[str, int]:
    """Headline counts for the home pages, one aggregate query."""
    return visible_enterprises(user).aggregate(
        total=Count("pk"),
        pilots=Count("pk", filter=Q(is_pilot=True)),
        above_scale=Count("pk", filter=Q(above_scale=True)),
    )


def enterprises_by_division(user: Any) -> list[dict[str, Any]]:
    rows = (
        visible_enterprises(user)
        .values("division__name")
        .annotate(total=Count("pk"), pilots=Count("pk", filter=Q(is_pilot=True)))
        .order_by("division__order", "division__name")
    )
    return [dict(row) for row in rows]


def enterprises_by_segment(user: Any) -> list[dict[str, Any]]:
    rows = (
        visible_enterprises(user)
        .values("segment__name")
        .annotate(total=Count("pk"), pilots=Count("pk", filter=Q(is_pilot=True)))
        .order_by("segment__order")
    )
    return [dict(row) for row in rows]


def masked_contacts(enterprise: Enterprise) -> dict[str, str]:
    """Pages show contacts masked; the full values come only through an audited reveal."""
    return {
        "contact_name": mask_name(enterprise.contact_name),
        "contact_phone": mask_phone(enterprise.contact_phone) if enterprise.contact_phone else "",
        "contact_email": mask_email(enterprise.contact_email) if enterprise.contact_email else "",
        "bank_account": mask_account(enterprise.bank_account) if enterprise.bank_account else "",
    }


def search_enterprises(
    user: Any, *, q: str = "", division: str = "", segment: str = "", pilot: str = ""
) -> QuerySet[Enterprise]:
    enterprises = visible_enterprises(user)
    if q:
        enterprises = enterprises.filter(Q(name__icontains=q) | Q(credit_code=q.upper()))
    if division.isdigit():
        enterprises = enterprises.filter(Q(division_id=int(division)) | Q(zone_id=int(division)))
    if segment.isdigit():
        enterprises = enterprises.filter(segment_id=int(segment))
    if pilot in ("1", "0"):
        enterprises = enterprises.filter(is_pilot=pilot == "1")
    return enterprises.order_by("name", "pk")


def filter_choices(user: Any, program: Any) -> dict[str, Any]:
    if program is None:
        return {"divisions": [], "segments": []}
    scope = scope_of(user)
    divisions = program.divisions.all()
    if scope.role == Role.DISTRICT_OFFICER:
        divisions = divisions.filter(pk__in=scope.division_ids)
    return {"divisions": list(divisions), "segments": list(program.segments.all())}


def enterprise_data(enterprise: Enterprise) -> EnterpriseData:
    return EnterpriseData(
        credit_code=enterprise.credit_code,
        name=enterprise.name,
        division_code=enterprise.division.code,
        zone_code=enterprise.zone.code if enterprise.zone else "",
        industry_code=enterprise.industry.code,
        segment_key=enterprise.segment.key if enterprise.segment else "",
        nature=enterprise.nature,
        srdi_tier=enterprise.srdi_tier,
        above_scale=enterprise.above_scale,
        employees=enterprise.employees,
        revenue=enterprise.revenue,
        address=enterprise.address,
        founded_on=enterprise.founded_on,
        is_pilot=enterprise.is_pilot,
        contact_name=enterprise.contact_name,
        contact_phone=enterprise.contact_phone,
        contact_email=enterprise.contact_email,
        bank_account=enterprise.bank_account,
    )
