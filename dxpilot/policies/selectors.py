"""Policy reads and their scope.

Policies are public documents: anyone (logged in or not) reads the published ones; officials
also see the withdrawn ones, marked. Every list costs the same number of queries at any size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.enterprises.models import Enterprise
from dxpilot.policies.models import (
    Policy,
    PolicyAttachment,
    PolicyLevel,
    PolicyStatus,
    PolicyTerm,
)
from dxpilot.policies.rules import applicant_of, applies, conditions_of
from dxpilot.programs.models import Program
from dxpilot.providers.search import rank, tokenize

# Officials who publish policies: the city for every level, a district for its own divisions.
EDITORS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})
OFFICIALS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER})
PAGE_SIZE = 20


def visible_policies(user: Any) -> QuerySet[Policy]:
    policies = Policy.objects.select_related("program")
    if scope_of(user).role in OFFICIALS:
        return policies
    return policies.filter(status=PolicyStatus.PUBLISHED)


def get_policy_for_user(user: Any, pk: int) -> Policy:
    try:
        return visible_policies(user).prefetch_related("divisions", "segments").get(pk=pk)
    except (Policy.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该政策文件，或您无权查看。")) from None


def may_edit(user: Any, policy: Policy) -> bool:
    """The city admin edits every policy; a district officer the district-level policies whose
    divisions are all theirs (the one rule, used by the service and the page)."""
    scope = scope_of(user)
    if scope.role == Role.CITY_ADMIN:
        return True
    if scope.role != Role.DISTRICT_OFFICER or policy.level != PolicyLevel.DISTRICT:
        return False
    ids = {d.pk for d in policy.divisions.all()}
    return bool(ids) and ids <= scope.division_ids


def get_attachment_for_user(user: Any, pk: int) -> PolicyAttachment:
    found = (
        PolicyAttachment.objects.select_related("policy")
        .filter(pk=pk, policy__in=visible_policies(user).values("pk"))
        .first()
    )
    if found is None:
        raise Http404(_("没有找到该附件，或您无权查看。"))
    return found


@dataclass(frozen=True)
class Filters:
    q: str = ""
    level: str = ""
    kind: str = ""
    # "current": in force today; "expired": past its expiry date; "": all.
    validity: str = ""


@dataclass
class Result:
    policy: Policy
    matched: list[str] = field(default_factory=list)


@dataclass
class PolicyPage:
    results: list[Result]
    page: Page[Any]
    terms: list[str]
    total: int


def filtered_policies(user: Any, program: Program | None, filters: Filters) -> QuerySet[Policy]:
    policies = visible_policies(user)
    if program is not None:
        policies = policies.filter(program=program)
    if filters.level:
        policies = policies.filter(level=filters.level)
    if filters.kind:
        policies = policies.filter(kind=filters.kind)
    today = timezone.localdate()
    if filters.validity == "current":
        policies = policies.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today), effective_on__lte=today
        )
    elif filters.validity == "expired":
        policies = policies.filter(expires_on__lt=today)
    return policies


def _page_policies(ids: list[int]) -> dict[int, Policy]:
    policies = Policy.objects.filter(pk__in=ids).prefetch_related("attachments")
    return {p.pk: p for p in policies}


def search_policies(
    user: Any,
    program: Program | None,
    filters: Filters,
    page_number: int | str | None = 1,
    per_page: int = PAGE_SIZE,
) -> PolicyPage:
    """Visible policies matching the filters; with a query, ranked by the matched jieba terms
    (the catalogue's ranking), each result keeping the terms that made it appear."""
    policies = filtered_policies(user, program, filters)
    terms = tokenize(filters.q)
    if filters.q and not terms:
        terms = [filters.q.strip().lower()]
    if terms:
        total = policies.count()
        rows = PolicyTerm.objects.filter(
            term__in=terms, policy__in=policies.values("pk")
        ).values_list("policy_id", "term", "weight")
        hits = rank(terms, rows, total)
        hit_page = Paginator(hits, per_page).get_page(page_number)
        by_id = _page_policies([hit.product_id for hit in hit_page.object_list])
        results = [
            Result(by_id[hit.product_id], hit.matched)
            for hit in hit_page.object_list
            if hit.product_id in by_id
        ]
        return PolicyPage(results, hit_page, terms, hit_page.paginator.count)
    ordered = policies.prefetch_related("attachments").order_by("-issued_on", "-pk")
    page = Paginator(ordered, per_page).get_page(page_number)
    return PolicyPage([Result(p) for p in page.object_list], page, [], page.paginator.count)


def applicable_policies(enterprise: Enterprise) -> list[Policy]:
    """The published policies in force today whose conditions the enterprise meets: three
    queries (policies, their divisions, their segments) at any size; the conditions are judged
    by rules.applies, the one place that reads them."""
    today = timezone.localdate()
    current = (
        Policy.objects.filter(program_id=enterprise.program_id, status=PolicyStatus.PUBLISHED)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today), effective_on__lte=today)
        .prefetch_related("divisions", "segments")
        .order_by("-issued_on", "-pk")
    )
    applicant = applicant_of(enterprise)
    return [p for p in current if applies(conditions_of(p), applicant)]
