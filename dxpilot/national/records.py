"""The per-enterprise record of national reporting, built for every pilot enterprise of a
programme with a constant number of queries per chunk of enterprises (never one per enterprise).

A record is a flat dict keyed by ``SOURCES`` (figures and codes, no words): the mapping file turns
it into the national payload. What the keys mean:

- identity and classification come from the registry (``enterprises.Enterprise``); the contact
  person and phone are stored encrypted and leave the platform masked (``core.masking``), for
  every reader: the national record never carries them in full;
- the before and after blocks come from the latest locked on-site assessment of the kind
  改造前 T0 and 改造后 T1 (the project's own T0/T1 when it names one): its level, the three
  dimension scores, and the 约束性 and 指导性 scenes at or above the awarded level (at 一级 for a
  sheet that did not reach 一级);
- the project is the enterprise's latest 一企一案; its providers are those of the filed (not
  superseded) contracts, the contract amount their sum, and the contract period the earliest
  start and latest end;
- eligible investment is the subsidy's verified figure once computed, else the sum of the
  investment lines that count for the subsidy; the approved subsidy is its amount once approved;
  paid is the sum of the disbursements of paid batches.

Amounts are strings with two decimals (exact, as JSON has no decimal), dates ISO strings.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, cast

from django.db.models import Sum

from dxpilot.assessment import engine
from dxpilot.assessment.models import Assessment
from dxpilot.core.masking import mask_name, mask_phone
from dxpilot.enterprises.models import Enterprise, Nature, SizeClass, SrdiTier
from dxpilot.funding.models import Disbursement, DisbursementBatch, Subsidy
from dxpilot.programs.models import Program
from dxpilot.projects.models import Contract, InvestmentLine, ProjectStatus, TransformationProject

CHUNK = 1000
QUERIES_PER_CHUNK = 7

_BLOCK = ("level", "foundation", "management", "outcome", "constraint_scenes", "guidance_scenes")
SOURCES: tuple[str, ...] = (
    "credit_code", "name", "division_code", "division_name", "zone_name", "address",
    "founded_on", "contact_name", "contact_phone", "industry_code", "industry_name",
    "segment_key", "segment_name", "nature", "size_class", "above_scale", "srdi_tier",
    *(f"before_{k}" for k in _BLOCK), "before_assessed_on",
    *(f"after_{k}" for k in _BLOCK), "after_assessed_on",
    "project_title", "project_status", "contract_starts_on", "contract_ends_on", "completed_on",
    "providers", "contract_amount", "eligible_investment", "subsidy_approved", "subsidy_paid",
)  # fmt: skip
# Sources with a closed set of values: a code list must cover each of them.
CODED_SOURCES: dict[str, tuple[str, ...]] = {
    "nature": tuple(Nature.values),
    "size_class": tuple(SizeClass.values),
    "srdi_tier": tuple(SrdiTier.values),
    "above_scale": ("true", "false"),
    "project_status": tuple(ProjectStatus.values),
}
DIMENSION_KEYS = ("foundation", "management", "outcome")
ENTERPRISE_COLUMNS = (
    "credit_code", "name", "address", "founded_on", "contact_name", "contact_phone", "nature",
    "size_class", "above_scale", "srdi_tier", "division__code", "division__name", "zone__name",
    "industry__code", "industry__name", "segment__key", "segment__name",
)  # fmt: skip


def pilot_enterprises(program: Program) -> Any:
    return Enterprise.objects.filter(program=program, is_pilot=True)


def build_records(program: Program, *, chunk: int = CHUNK) -> Iterator[tuple[int, dict[str, Any]]]:
    """(enterprise id, record) for every pilot enterprise, in primary-key order, per chunk of
    ``chunk`` enterprises (keyset pagination by primary key: memory stays flat)."""
    last = 0
    while True:
        enterprises = list(
            pilot_enterprises(program)
            .filter(pk__gt=last)
            .select_related("division", "zone", "industry", "segment")
            # Only what the record reads: no e-mail or bank account is decrypted.
            .only(*ENTERPRISE_COLUMNS)
            .order_by("pk")[:chunk]
        )
        if not enterprises:
            return
        last = enterprises[-1].pk
        yield from _chunk_records(enterprises)
        if len(enterprises) < chunk:
            return


def _chunk_records(enterprises: list[Enterprise]) -> Iterator[tuple[int, dict[str, Any]]]:
    ids = [e.pk for e in enterprises]
    projects: dict[int, dict[str, Any]] = {}
    for row in (
        TransformationProject.objects.filter(enterprise_id__in=ids)
        .order_by("enterprise_id", "created_at", "pk")
        .values(
            "pk", "enterprise_id", "title", "status", "completed_on",
            "baseline_assessment_id", "post_assessment_id",
        )
    ):  # fmt: skip
        projects[row["enterprise_id"]] = cast(dict[str, Any], row)  # the latest wins
    project_ids = [p["pk"] for p in projects.values()]
    contracts: dict[int, list[dict[str, Any]]] = {}
    for contract in (
        Contract.objects.filter(project_id__in=project_ids, status=Contract.Status.FILED)
        .order_by("project_id", "signed_on", "pk")
        .values("project_id", "amount", "starts_on", "ends_on", "provider__name")
    ):
        contracts.setdefault(contract["project_id"], []).append(cast(dict[str, Any], contract))
    eligible = dict(
        InvestmentLine.objects.filter(project_id__in=project_ids, eligible=True)
        .order_by()
        .values("project_id")
        .annotate(total=Sum("amount"))
        .values_list("project_id", "total")
    )
    subsidies = {
        row["project_id"]: cast(dict[str, Any], row)
        for row in Subsidy.objects.filter(project_id__in=project_ids).values(
            "project_id", "amount", "status", "eligible_investment"
        )
    }
    paid = dict(
        Disbursement.objects.filter(
            subsidy__project_id__in=project_ids, batch__status=DisbursementBatch.Status.PAID
        )
        .order_by()
        .values("subsidy__project_id")
        .annotate(total=Sum("amount"))
        .values_list("subsidy__project_id", "total")
    )
    assessments = _assessments(ids)
    for enterprise in enterprises:
        project = projects.get(enterprise.pk)
        record = _identity(enterprise)
        mine = assessments.get(enterprise.pk, {})
        record.update(
            _block("before", _pick(mine, Assessment.Kind.ONSITE_BEFORE, project, "baseline"))
        )
        record.update(_block("after", _pick(mine, Assessment.Kind.ONSITE_AFTER, project, "post")))
        record.update(_project(project, contracts, eligible, subsidies, paid))
        yield enterprise.pk, record


def _identity(e: Enterprise) -> dict[str, Any]:
    return {
        "credit_code": e.credit_code,
        "name": e.name,
        "division_code": e.division.code,
        "division_name": e.division.name,
        "zone_name": e.zone.name if e.zone else None,
        "address": e.address or None,
        "founded_on": e.founded_on.isoformat() if e.founded_on else None,
        "contact_name": mask_name(e.contact_name) if e.contact_name else None,
        "contact_phone": mask_phone(e.contact_phone) if e.contact_phone else None,
        "industry_code": e.industry.code,
        "industry_name": e.industry.name,
        "segment_key": e.segment.key if e.segment else None,
        "segment_name": e.segment.name if e.segment else None,
        "nature": e.nature,
        "size_class": e.size_class,
        "above_scale": e.above_scale,
        "srdi_tier": e.srdi_tier,
    }


def _assessments(enterprise_ids: list[int]) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Locked T0 and T1 assessments of the enterprises, oldest first, only the figures needed."""
    found: dict[int, dict[str, list[dict[str, Any]]]] = {}
    rows = (
        Assessment.objects.filter(
            enterprise_id__in=enterprise_ids,
            status=Assessment.Status.LOCKED,
            kind__in=(Assessment.Kind.ONSITE_BEFORE, Assessment.Kind.ONSITE_AFTER),
        )
        .order_by("enterprise_id", "locked_at", "pk")
        .values(
            "pk", "enterprise_id", "kind", "edition", "level", "assessed_on",
            "result__dimensions", "result__scenes_at_level", "result__constraint_scenes_at_level",
        )
    )  # fmt: skip
    for row in rows:
        found.setdefault(row["enterprise_id"], {}).setdefault(row["kind"], []).append(
            cast(dict[str, Any], row)
        )
    return found


def _pick(
    mine: dict[str, list[dict[str, Any]]],
    kind: str,
    project: dict[str, Any] | None,
    link: str,
) -> dict[str, Any] | None:
    rows = mine.get(kind) or []
    linked = project.get(f"{link}_assessment_id") if project else None
    for row in rows:
        if row["pk"] == linked:
            return row
    return rows[-1] if rows else None


@functools.cache
def _dimension_names(edition: str) -> dict[str, str]:
    """Dimension key (foundation, management, outcome) → its name in the edition's results."""
    try:
        indicator_set = engine.load_indicator_set(edition)
    except (engine.UnknownEditionError, engine.IndicatorSetError):
        return {}
    return {d.key: d.name for d in indicator_set.dimensions}


def _block(prefix: str, row: dict[str, Any] | None) -> dict[str, Any]:
    block: dict[str, Any] = {f"{prefix}_{k}": None for k in (*_BLOCK, "assessed_on")}
    if row is None or row["level"] is None:
        return block
    level = row["level"]
    block[f"{prefix}_level"] = level
    dimensions = row["result__dimensions"] or {}
    names = _dimension_names(row["edition"])
    for key in DIMENSION_KEYS:
        score = dimensions.get(names.get(key, ""))
        block[f"{prefix}_{key}"] = str(score) if score is not None else None
    at = str(max(level, 1))
    scenes = (row["result__scenes_at_level"] or {}).get(at)
    constraint = (row["result__constraint_scenes_at_level"] or {}).get(at)
    if scenes is not None and constraint is not None:
        block[f"{prefix}_constraint_scenes"] = int(constraint)
        block[f"{prefix}_guidance_scenes"] = int(scenes) - int(constraint)
    block[f"{prefix}_assessed_on"] = row["assessed_on"].isoformat() if row["assessed_on"] else None
    return block


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


def _project(
    project: dict[str, Any] | None,
    contracts: dict[int, list[dict[str, Any]]],
    eligible: dict[int, Decimal],
    subsidies: dict[int, dict[str, Any]],
    paid: dict[int, Decimal],
) -> dict[str, Any]:
    keys = (
        "project_title", "project_status", "contract_starts_on", "contract_ends_on",
        "completed_on", "providers", "contract_amount", "eligible_investment",
        "subsidy_approved", "subsidy_paid",
    )  # fmt: skip
    out: dict[str, Any] = dict.fromkeys(keys)
    if project is None:
        return out
    pk = project["pk"]
    filed = contracts.get(pk, [])
    subsidy = subsidies.get(pk)
    providers = list(dict.fromkeys(c["provider__name"] for c in filed))
    out.update(
        project_title=project["title"],
        project_status=project["status"],
        completed_on=project["completed_on"].isoformat() if project["completed_on"] else None,
        providers="；".join(providers) if providers else None,
    )
    if filed:
        out["contract_amount"] = _amount(sum((c["amount"] for c in filed), Decimal(0)))
        out["contract_starts_on"] = min(c["starts_on"] for c in filed).isoformat()
        out["contract_ends_on"] = max(c["ends_on"] for c in filed).isoformat()
    if subsidy is not None:
        out["eligible_investment"] = _amount(subsidy["eligible_investment"])
        if subsidy["status"] in (Subsidy.Status.APPROVED, Subsidy.Status.PAID):
            out["subsidy_approved"] = _amount(subsidy["amount"])
    elif pk in eligible:
        out["eligible_investment"] = _amount(eligible[pk])
    if pk in paid:
        out["subsidy_paid"] = _amount(paid[pk])
    return out
