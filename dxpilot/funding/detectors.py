"""Fraud and anomaly detectors: each reads the database set-wise (one or two queries whatever
the number of projects) and returns findings that explain themselves (stored sentences of
funding/phrases.py, said in the reader's language when shown).

The anchors (Singapore's PSG, Korea's smart-factory vouchers) lost money to collusion between
vendor and client and to padded claims; these are the signals their audits looked for:

- the same evidence file (SHA-256) in the archives of two enterprises;
- invoices adding up to more than the filed contract;
- an investment line (or a plan item) priced above the product's catalogue price — only for
  products priced per set or per project, the units where one line buys one unit;
- an enterprise sharing its contact phone or bank account with its own provider (compared by
  blind index, never decrypted; e-mail has no index and is not compared);
- an assessment jump out of line with the investment: LEVEL_JUMP_MIN levels or more from T0 to
  T1 with less than LEVEL_JUMP_MAX_INVESTMENT 元 of eligible investment (our own rule: lifting
  two levels takes real systems, and 10万元 is below the cheapest Hefei 二级 projects we saw);
- dates out of order: an invoice before the contract, a payment before the invoice, a completion
  before the first contract.

A finding's key says what it is about; with the kind it makes the flag's fingerprint, so a
finding is raised once however often the detectors run.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet, Sum

from dxpilot.funding import phrases
from dxpilot.funding.models import Acceptance, FlagKind
from dxpilot.projects.models import (
    Contract,
    Evidence,
    InvestmentLine,
    PlanItem,
    TransformationProject,
)
from dxpilot.providers.models.product import PriceUnit

LEVEL_JUMP_MIN = 2
LEVEL_JUMP_MAX_INVESTMENT = Decimal("100000")
# Catalogue prices comparable with one investment line (one unit bought per line).
COMPARABLE_UNITS = (PriceUnit.PER_SET, PriceUnit.PER_PROJECT)


@dataclass(frozen=True)
class Finding:
    kind: str
    project_id: int
    key: str
    message: dict[str, Any]  # a stored sentence (funding.phrases)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(f"{self.kind}:{self.key}".encode()).hexdigest()


Scope = list[int] | None  # project ids to look at; None: the whole database


def _in(qs: QuerySet[Any], project_ids: Scope, field_name: str = "project_id") -> QuerySet[Any]:
    return qs if project_ids is None else qs.filter(**{f"{field_name}__in": project_ids})


def shared_evidence(project_ids: Scope = None) -> list[Finding]:
    """The same file (by SHA-256) in the archives of two or more enterprises."""
    candidates = Evidence.objects.all()
    if project_ids is not None:
        candidates = candidates.filter(
            sha256__in=Evidence.objects.filter(project_id__in=project_ids).values("sha256")
        )
    hashes = (
        candidates.values("sha256")
        .annotate(enterprises=Count("project__enterprise", distinct=True))
        .filter(enterprises__gt=1)
        .values("sha256")
    )
    rows = (
        Evidence.objects.filter(sha256__in=hashes)
        .values_list("sha256", "project_id", "project__enterprise__name", "original_name")
        .order_by("sha256", "project_id", "pk")
    )
    by_hash: dict[str, dict[int, tuple[str, str]]] = defaultdict(dict)
    for sha, project_id, enterprise, name in rows:
        by_hash[sha].setdefault(project_id, (enterprise, name))
    findings = []
    for sha, projects in by_hash.items():
        for project_id, (enterprise, name) in projects.items():
            others = sorted(
                {e for pid, (e, _n) in projects.items() if pid != project_id and e != enterprise}
            )
            if not others:
                continue
            findings.append(
                Finding(
                    FlagKind.SHARED_EVIDENCE,
                    project_id,
                    f"{sha}:{project_id}",
                    phrases.SHARED_EVIDENCE.say(name=name, sha=sha[:12], others=others[:5]),
                    {"sha256": sha, "other_enterprises": others},
                )
            )
    return findings


def invoices_over_contract(project_ids: Scope = None) -> list[Finding]:
    contracts = (
        _in(Contract.objects.filter(status=Contract.Status.FILED), project_ids)
        .annotate(invoiced=Sum("investments__amount"))
        .filter(invoiced__gt=F("amount"))
        .values_list("pk", "project_id", "number", "amount", "invoiced")
    )
    return [
        Finding(
            FlagKind.INVOICE_OVER_CONTRACT,
            project_id,
            f"contract:{pk}",
            phrases.INVOICE_OVER_CONTRACT.say(
                number=number, invoiced=invoiced, amount=amount, over=invoiced - amount
            ),
            {"contract": pk, "invoiced": str(invoiced), "amount": str(amount)},
        )
        for pk, project_id, number, amount, invoiced in contracts
    ]


def prices_over_catalogue(project_ids: Scope = None) -> list[Finding]:
    findings = []
    lines = (
        _in(InvestmentLine.objects.all(), project_ids)
        .filter(
            product__isnull=False,
            product__price_unit__in=COMPARABLE_UNITS,
            amount__gt=F("product__price"),
        )
        .values_list(
            "pk",
            "project_id",
            "description",
            "amount",
            "product__name",
            "product__price",
            "product__price_unit",
        )
    )
    for pk, project_id, description, amount, product, price, unit in lines:
        findings.append(
            Finding(
                FlagKind.PRICE_OVER_CATALOGUE,
                project_id,
                f"line:{pk}",
                phrases.LINE_OVER_CATALOGUE.say(
                    description=description,
                    amount=amount,
                    product=product,
                    price=price,
                    unit=unit,
                    over=amount - price,
                ),
                {"investment": pk, "amount": str(amount), "catalogue_price": str(price)},
            )
        )
    items = (
        _in(PlanItem.objects.filter(plan__is_current=True), project_ids, "plan__project_id")
        .filter(product__price_unit__in=COMPARABLE_UNITS, price__gt=F("product__price"))
        .values_list(
            "pk",
            "plan__project_id",
            "price",
            "product__name",
            "product__price",
            "product__price_unit",
        )
    )
    for pk, project_id, amount, product, price, unit in items:
        findings.append(
            Finding(
                FlagKind.PRICE_OVER_CATALOGUE,
                project_id,
                f"plan_item:{pk}",
                phrases.PLAN_OVER_CATALOGUE.say(
                    product=product, amount=amount, price=price, unit=unit, over=amount - price
                ),
                {"plan_item": pk, "price": str(amount), "catalogue_price": str(price)},
            )
        )
    return findings


def shared_contacts(project_ids: Scope = None) -> list[Finding]:
    """An enterprise and a provider it contracted share a phone or bank account (blind index)."""
    same_phone = Q(
        project__enterprise__contact_phone_index=F("provider__contact_phone_index")
    ) & ~Q(provider__contact_phone_index="")
    same_bank = Q(project__enterprise__bank_account_index=F("provider__bank_account_index")) & ~Q(
        provider__bank_account_index=""
    )
    rows = (
        _in(Contract.objects.filter(status=Contract.Status.FILED), project_ids)
        .filter(same_phone | same_bank)
        .values_list(
            "project_id",
            "provider_id",
            "project__enterprise__name",
            "provider__name",
            "project__enterprise__contact_phone_index",
            "provider__contact_phone_index",
            "project__enterprise__bank_account_index",
            "provider__bank_account_index",
        )
        .distinct()
    )
    findings = []
    for project_id, provider_id, enterprise, provider, e_phone, p_phone, e_bank, p_bank in rows:
        for what, mine, theirs in (("phone", e_phone, p_phone), ("bank", e_bank, p_bank)):
            if mine and mine == theirs:
                findings.append(
                    Finding(
                        FlagKind.SHARED_CONTACT,
                        project_id,
                        f"{project_id}:{provider_id}:{what}",
                        phrases.SHARED_CONTACT.say(
                            enterprise=enterprise, provider=provider, what=what
                        ),
                        {"provider": provider_id, "field": what},
                    )
                )
    return findings


def level_jumps(project_ids: Scope = None) -> list[Finding]:
    rows = list(
        _in(Acceptance.objects.all(), project_ids)
        .filter(post_assessment__isnull=False, project__baseline_assessment__isnull=False)
        .annotate(t0=F("project__baseline_assessment__level"), t1=F("post_assessment__level"))
        .filter(t1__gte=F("t0") + LEVEL_JUMP_MIN)
        .values_list(
            "project_id", "project__baseline_assessment_id", "post_assessment_id", "t0", "t1"
        )
        .distinct()
    )
    if not rows:
        return []
    eligible = dict(
        InvestmentLine.objects.filter(project_id__in={r[0] for r in rows}, eligible=True)
        .values("project_id")
        .annotate(total=Sum("amount"))
        .values_list("project_id", "total")
    )
    findings = []
    for project_id, t0_id, t1_id, t0, t1 in rows:
        invested = eligible.get(project_id) or Decimal(0)
        if invested >= LEVEL_JUMP_MAX_INVESTMENT:
            continue
        findings.append(
            Finding(
                FlagKind.LEVEL_JUMP,
                project_id,
                f"{project_id}:{t0_id}:{t1_id}",
                phrases.LEVEL_JUMP.say(
                    t0=t0 or 0,
                    t1=t1 or 0,
                    n=(t1 or 0) - (t0 or 0),
                    invested=invested,
                    min=LEVEL_JUMP_MIN,
                    limit=LEVEL_JUMP_MAX_INVESTMENT,
                ),
                {"t0": t0, "t1": t1, "eligible_investment": str(invested)},
            )
        )
    return findings


def dates_out_of_order(project_ids: Scope = None) -> list[Finding]:
    findings = []
    lines = (
        _in(InvestmentLine.objects.all(), project_ids)
        .filter(
            Q(contract__isnull=False, invoice_on__lt=F("contract__signed_on"))
            | Q(paid_on__lt=F("invoice_on"))
        )
        .values_list(
            "pk",
            "project_id",
            "description",
            "invoice_number",
            "invoice_on",
            "paid_on",
            "contract__number",
            "contract__signed_on",
        )
    )
    for pk, project_id, description, invoice, invoice_on, paid_on, number, signed_on in lines:
        if signed_on is not None and invoice_on is not None and invoice_on < signed_on:
            findings.append(
                Finding(
                    FlagKind.DATES_OUT_OF_ORDER,
                    project_id,
                    f"invoice:{pk}",
                    phrases.INVOICE_BEFORE_CONTRACT.say(
                        description=description,
                        invoice=invoice,
                        invoice_on=invoice_on,
                        number=number,
                        signed_on=signed_on,
                    ),
                    {"investment": pk, "invoice_on": str(invoice_on), "signed_on": str(signed_on)},
                )
            )
        if paid_on is not None and invoice_on is not None and paid_on < invoice_on:
            findings.append(
                Finding(
                    FlagKind.DATES_OUT_OF_ORDER,
                    project_id,
                    f"payment:{pk}",
                    phrases.PAID_BEFORE_INVOICE.say(
                        description=description,
                        paid_on=paid_on,
                        invoice=invoice,
                        invoice_on=invoice_on,
                    ),
                    {"investment": pk, "paid_on": str(paid_on), "invoice_on": str(invoice_on)},
                )
            )
    projects = (
        _in(TransformationProject.objects.all(), project_ids, "pk")
        .filter(completed_on__isnull=False)
        .annotate(
            first_signed=Min(
                "contracts__signed_on", filter=Q(contracts__status=Contract.Status.FILED)
            )
        )
        .filter(completed_on__lt=F("first_signed"))
        .values_list("pk", "completed_on", "first_signed")
    )
    for pk, completed_on, first_signed in projects:
        findings.append(
            Finding(
                FlagKind.DATES_OUT_OF_ORDER,
                pk,
                f"completion:{pk}",
                phrases.COMPLETED_BEFORE_CONTRACT.say(
                    completed_on=completed_on, signed_on=first_signed
                ),
                {"completed_on": str(completed_on), "signed_on": str(first_signed)},
            )
        )
    return findings


DETECTORS: dict[str, Callable[[Scope], list[Finding]]] = {
    FlagKind.SHARED_EVIDENCE: shared_evidence,
    FlagKind.INVOICE_OVER_CONTRACT: invoices_over_contract,
    FlagKind.PRICE_OVER_CATALOGUE: prices_over_catalogue,
    FlagKind.SHARED_CONTACT: shared_contacts,
    FlagKind.LEVEL_JUMP: level_jumps,
    FlagKind.DATES_OUT_OF_ORDER: dates_out_of_order,
}


def detect(
    project_ids: Iterable[int] | None = None, kinds: Iterable[str] | None = None
) -> list[Finding]:
    """Every finding of the chosen detectors (all by default) for the projects (all by default)."""
    scope = None if project_ids is None else list(project_ids)
    chosen = list(kinds) if kinds is not None else list(DETECTORS)
    return [finding for kind in chosen for finding in DETECTORS[kind](scope)]
