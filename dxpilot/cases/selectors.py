"""Typical-case reads and their data scope.

- `visible_cases(user)`: the city admin and the finance office see every case of the
  programme; a district officer the cases of the enterprises of their divisions (or zones);
  everyone else none (the public reads published cases through `published_cases()`).
- `project_figures(project)`: the before/after figures of a project, read from its record
  (T0/T1 assessments, investment lines, subsidy). A case never stores figures typed by a person.
- `figure_differences(stored, live)`: what changed in the project record since the case copied
  its figures (the reason publication is refused).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.engine import level_name
from dxpilot.assessment.models import Assessment
from dxpilot.cases.models import Case, CaseImage, CaseKind, CaseStatus
from dxpilot.funding.models import Subsidy
from dxpilot.projects.models import Contract, InvestmentLine, PlanItem, TransformationProject
from dxpilot.providers.models import Product, Provider

# Officials who draft cases (the finance office reads only); the city admin publishes.
EDITORS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})
READERS = EDITORS | {Role.FINANCE_OFFICER}
PUBLISHERS = frozenset({Role.CITY_ADMIN})
# A project a case may be submitted from: its acceptance is decided and passed.
ACCEPTED = ("accepted", "subsidised", "closed")
BENCHMARK_LEVEL = 3

FIGURE_LABELS = {
    "t0.level": gettext_lazy("改造前等级（T0）"),
    "t0.total": gettext_lazy("改造前总分（T0）"),
    "t0.dimensions": gettext_lazy("改造前各维度得分（T0）"),
    "t1.level": gettext_lazy("改造后等级（T1）"),
    "t1.total": gettext_lazy("改造后总分（T1）"),
    "t1.dimensions": gettext_lazy("改造后各维度得分（T1）"),
    "t1.locked": gettext_lazy("改造后评测（T1）是否锁定"),
    "t0": gettext_lazy("改造前评测（T0）"),
    "t1": gettext_lazy("改造后评测（T1）"),
    "investment": gettext_lazy("改造投入"),
    "eligible_investment": gettext_lazy("计入奖补的投入"),
    "subsidy": gettext_lazy("奖补金额"),
}


def visible_cases(user: Any) -> QuerySet[Case]:
    scope = scope_of(user)
    cases = Case.objects.select_related("enterprise", "project")
    if scope.role in (Role.CITY_ADMIN, Role.FINANCE_OFFICER):
        return cases
    if scope.role == Role.DISTRICT_OFFICER:
        return cases.filter(
            Q(enterprise__division__in=scope.division_ids)
            | Q(enterprise__zone__in=scope.division_ids)
        )
    return cases.none()


def get_case_for_user(user: Any, pk: int) -> Case:
    try:
        return visible_cases(user).select_related("program", "created_by").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该案例，或您无权查看。")) from None


def can_edit(user: Any, case: Case) -> bool:
    """Whether `user` may change the case (draft) or move it through review."""
    scope = scope_of(user)
    if scope.role == Role.CITY_ADMIN:
        return True
    if scope.role != Role.DISTRICT_OFFICER:
        return False
    enterprise = case.enterprise
    return bool({enterprise.division_id, enterprise.zone_id} & set(scope.division_ids))


def search_cases(user: Any, *, kind: str = "", status: str = "", q: str = "") -> QuerySet[Case]:
    cases = visible_cases(user)
    if kind in CaseKind.values:
        cases = cases.filter(kind=kind)
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    if q:
        cases = cases.filter(Q(title__icontains=q) | Q(enterprise__name__icontains=q))
    return cases.order_by("-created_at", "-pk")


def status_counts(user: Any) -> dict[str, int]:
    rows = visible_cases(user).order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def case_images(case: Case) -> list[CaseImage]:
    return list(CaseImage.objects.filter(case=case).order_by("order", "pk"))


# --- figures from the project record ------------------------------------------------------------


def _decimal(value: Any) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def _assessment_figures(assessment: Assessment | None) -> dict[str, Any] | None:
    if assessment is None or assessment.level is None:
        return None
    result = assessment.result if isinstance(assessment.result, dict) else {}
    dimensions = {
        str(name): _decimal(score)
        for name, score in (result.get("dimensions") or {}).items()
        if score is not None
    }
    return {
        "assessment": assessment.pk,
        "level": assessment.level,
        "total": _decimal(assessment.total),
        "dimensions": dimensions,
        "assessed_on": assessment.assessed_on.isoformat() if assessment.assessed_on else None,
        "locked": assessment.status == Assessment.Status.LOCKED,
    }


def project_figures(project: TransformationProject) -> dict[str, Any]:
    """The figures a case shows, as the project record holds them now (four queries)."""
    by_pk = {
        a.pk: a
        for a in Assessment.objects.filter(
            pk__in=[pk for pk in (project.baseline_assessment_id, project.post_assessment_id) if pk]
        ).only("pk", "level", "total", "result", "assessed_on", "status", "edition")
    }
    totals = InvestmentLine.objects.filter(project=project).aggregate(
        total=Sum("amount"), eligible=Sum("amount", filter=Q(eligible=True))
    )
    subsidy = (
        Subsidy.objects.filter(project=project)
        .exclude(status=Subsidy.Status.COMPUTED)
        .values_list("amount", flat=True)
        .first()
    )
    return {
        "t0": _assessment_figures(by_pk.get(project.baseline_assessment_id or 0)),
        "t1": _assessment_figures(by_pk.get(project.post_assessment_id or 0)),
        "investment": _decimal(totals["total"] or 0),
        "eligible_investment": _decimal(totals["eligible"] or 0),
        "subsidy": _decimal(subsidy),
    }


def figure_differences(stored: dict[str, Any], live: dict[str, Any]) -> list[str]:
    """Keys (FIGURE_LABELS) whose value in `live` differs from `stored`."""
    changed: list[str] = []
    for key in ("t0", "t1"):
        before, after = stored.get(key), live.get(key)
        if (before is None) != (after is None):
            changed.append(key)
            continue
        if before is None or after is None:
            continue
        parts = ("level", "total", "dimensions", "locked")
        changed.extend(f"{key}.{p}" for p in parts if before.get(p) != after.get(p))
    amounts = ("investment", "eligible_investment", "subsidy")
    changed.extend(key for key in amounts if stored.get(key) != live.get(key))
    return changed


def describe_figure(stored: dict[str, Any], key: str) -> str:
    """A figure as words, for a refusal ("三级", "1,234.00", "—")."""
    head, _sep, part = key.partition(".")
    value: Any = stored.get(head)
    if part and isinstance(value, dict):
        value = value.get(part)
    if value is None:
        return "—"
    if part == "level":
        return level_name(int(value))
    if part == "locked":
        return _("已锁定") if value else _("未锁定")
    if isinstance(value, dict):
        return "、".join(f"{name} {score}" for name, score in value.items()) or "—"
    return str(value)


def level_change(figures: dict[str, Any]) -> tuple[int | None, int | None]:
    t0, t1 = figures.get("t0") or {}, figures.get("t1") or {}
    return t0.get("level"), t1.get("level")


# --- what a project offers a case ------------------------------------------------------------


def project_providers(project: TransformationProject) -> QuerySet[Provider]:
    """The providers of the project's filed (current) contracts."""
    return Provider.objects.filter(
        contracts__project=project, contracts__status=Contract.Status.FILED
    ).distinct()


def project_products(project: TransformationProject) -> QuerySet[Product]:
    """The products of the project's current plan and of its investment lines."""
    planned = PlanItem.objects.filter(plan__project=project, plan__is_current=True).values(
        "product_id"
    )
    invested = InvestmentLine.objects.filter(project=project, product__isnull=False).values(
        "product_id"
    )
    return Product.objects.filter(Q(pk__in=planned) | Q(pk__in=invested)).select_related("provider")


def case_projects(user: Any) -> QuerySet[TransformationProject]:
    """Projects `user` may draft a case from: those of the enterprises in their scope."""
    scope = scope_of(user)
    projects = TransformationProject.objects.select_related("enterprise")
    if scope.role == Role.CITY_ADMIN:
        return projects
    if scope.role == Role.DISTRICT_OFFICER:
        return projects.filter(
            Q(enterprise__division__in=scope.division_ids)
            | Q(enterprise__zone__in=scope.division_ids)
        )
    return projects.none()


# --- the public side ---------------------------------------------------------------------------


def published_cases() -> QuerySet[Case]:
    """Published cases, for anyone (the showcase): no scope, only what was published."""
    return Case.objects.filter(status=CaseStatus.PUBLISHED).select_related("enterprise__segment")


def get_published_case(pk: int) -> Case:
    try:
        return published_cases().prefetch_related("providers", "products__provider").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该案例。")) from None


def published_image(case_pk: int, image_pk: int) -> CaseImage:
    try:
        return CaseImage.objects.get(
            pk=image_pk, case_id=case_pk, case__status=CaseStatus.PUBLISHED
        )
    except (CaseImage.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该图片。")) from None


def published_counts(program_id: int, enterprises: QuerySet[Any] | None = None) -> dict[str, int]:
    """Published cases per kind (one query)."""
    cases = Case.objects.filter(program_id=program_id, status=CaseStatus.PUBLISHED)
    if enterprises is not None:
        cases = cases.filter(enterprise__in=enterprises.values("pk"))
    rows = cases.order_by().values("kind").annotate(n=Count("pk"))
    counts = dict.fromkeys(CaseKind.values, 0)
    counts.update({row["kind"]: row["n"] for row in rows})
    return counts


def figure_table(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures as the pages show them: levels, totals and each dimension before → after."""
    t0, t1 = figures.get("t0") or {}, figures.get("t1") or {}
    names = list(dict.fromkeys([*(t0.get("dimensions") or {}), *(t1.get("dimensions") or {})]))
    return {
        "t0_level": None if t0.get("level") is None else level_name(int(t0["level"])),
        "t1_level": None if t1.get("level") is None else level_name(int(t1["level"])),
        "t0_total": t0.get("total"),
        "t1_total": t1.get("total"),
        "t0_on": t0.get("assessed_on"),
        "t1_on": t1.get("assessed_on"),
        "dimensions": [
            (name, (t0.get("dimensions") or {}).get(name), (t1.get("dimensions") or {}).get(name))
            for name in names
        ],
        "investment": figures.get("investment"),
        "eligible_investment": figures.get("eligible_investment"),
        "subsidy": figures.get("subsidy"),
    }


def case_page(case: Case) -> dict[str, Any]:
    """The officials' case page: the copy the case holds and the project record now."""
    live = project_figures(case.project)
    stored = case.figures or {}
    changed = figure_differences(stored, live) if stored else []
    return {
        "case": case,
        "images": case_images(case),
        "providers": list(case.providers.order_by("name", "pk")),
        "products": list(case.products.select_related("provider").order_by("name", "pk")),
        "live": figure_table(live),
        "stored": figure_table(stored) if stored else None,
        "changed": [
            {
                "label": FIGURE_LABELS[key],
                "before": describe_figure(stored, key),
                "after": describe_figure(live, key),
            }
            for key in changed
        ],
    }


def candidate_projects(user: Any, *, q: str = "", limit: int = 20) -> list[TransformationProject]:
    """Accepted projects in scope, newest first, to draft a case from (searchable by name)."""
    projects = case_projects(user).filter(status__in=ACCEPTED)
    if q:
        projects = projects.filter(Q(title__icontains=q) | Q(enterprise__name__icontains=q))
    projects = projects.annotate(n_cases=Count("cases")).order_by("-locked_at", "-pk")
    return list(projects[:limit])
