"""Writes to enterprises. Every refusal lists all broken rules; nothing is half-written."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import diff, record, snapshot
from dxpilot.core.crypto import blind_index
from dxpilot.core.validation import validate
from dxpilot.enterprises.area import area_findings
from dxpilot.enterprises.creditcode import credit_code_problem, normalise_credit_code
from dxpilot.enterprises.models import Enterprise, Nature, SrdiTier
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.enterprises.sizing import size_class
from dxpilot.enterprises.types import ENTERPRISE_RULES, EnterpriseData
from dxpilot.programs.models import Division, Industry, Program, Segment

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

SENSITIVE = ("contact_name", "contact_phone", "contact_email", "bank_account")
AUDITED = (
    "credit_code", "name", "division", "zone", "industry", "segment", "nature", "srdi_tier",
    "above_scale", "employees", "revenue", "size_class", "address", "founded_on", "is_pilot",
    *SENSITIVE,
)  # fmt: skip


CREDIT_CODE_MESSAGES = {
    "length": "统一社会信用代码“{code}”应为18位。",
    "alphabet": "统一社会信用代码“{code}”含有不允许的字符（不使用 I、O、S、V、Z）。",
    "division": "统一社会信用代码“{code}”第3-8位应为行政区划代码数字。",
    "check": "统一社会信用代码“{code}”的校验位不正确。",
}


def credit_code_error(code: str) -> str | None:
    problem = credit_code_problem(code)
    return _(CREDIT_CODE_MESSAGES[problem]).format(code=code) if problem else None


class Lookups:
    """Codes to rows for one programme. By default each lookup is a query; `preload` reads the
    tables once so bulk callers (the Excel import) check thousands of records without four
    queries each."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self._tables: dict[str, dict[str, Any]] | None = None

    @classmethod
    def preload(cls, program: Program) -> Lookups:
        lookups = cls(program)
        places = list(program.divisions.all())
        lookups._tables = {
            "division": {d.code: d for d in places if d.kind != Division.Kind.ZONE},
            "zone": {d.code: d for d in places if d.kind == Division.Kind.ZONE},
            "industry": {i.code: i for i in Industry.objects.all()},
            "segment": {s.key: s for s in Segment.objects.filter(program=program)},
        }
        return lookups

    def division(self, code: str) -> Division | None:
        if self._tables is not None:
            return self._tables["division"].get(code)
        return self.program.divisions.exclude(kind=Division.Kind.ZONE).filter(code=code).first()

    def zone(self, code: str) -> Division | None:
        if self._tables is not None:
            return self._tables["zone"].get(code)
        return self.program.divisions.filter(kind=Division.Kind.ZONE, code=code).first()

    def industry(self, code: str) -> Industry | None:
        if self._tables is not None:
            return self._tables["industry"].get(code)
        return Industry.objects.filter(code=code).first()

    def segment(self, key: str) -> Segment | None:
        if self._tables is not None:
            return self._tables["segment"].get(key)
        return Segment.objects.filter(program=self.program, key=key).first()


def resolve_enterprise_data(
    program: Program, data: EnterpriseData, *, lookups: Lookups | None = None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Turn codes into rows and check every rule; returns (field values, errors by field)."""
    lookups = lookups or Lookups(program)
    # Shape first (lengths, invisible text, number ranges, dates), the same for every door;
    # a field that fails here is not judged again below.
    cleaned, errors = validate(ENTERPRISE_RULES, asdict(data))
    data = replace(data, **{k: v for k, v in cleaned.items() if k not in errors})
    bad = set(errors)

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    code = normalise_credit_code(data.credit_code) if "credit_code" not in bad else ""
    if "credit_code" not in bad and (message := credit_code_error(code)):
        fail("credit_code", message)
    division = lookups.division(data.division_code) if "division_code" not in bad else None
    if division is None and "division_code" not in bad:
        fail(
            "division_code",
            _("行政区划代码“{code}”不在本试点方案中。").format(code=data.division_code),
        )
    zone = None
    if data.zone_code and "zone_code" not in bad:
        zone = lookups.zone(data.zone_code)
        if zone is None:
            fail("zone_code", _("开发区代码“{code}”不在本试点方案中。").format(code=data.zone_code))
    if "industry_code" not in bad:
        industry = lookups.industry(data.industry_code)
        if industry is None or len(data.industry_code) != 4:
            fail(
                "industry_code",
                _("行业代码“{code}”不是已登记的4位行业小类。").format(code=data.industry_code),
            )
    else:
        industry = None
    segment = None
    if data.segment_key and "segment_key" not in bad:
        segment = lookups.segment(data.segment_key)
        if segment is None:
            fail("segment_key", _("细分行业“{key}”不在本试点方案中。").format(key=data.segment_key))
    if "nature" not in bad and data.nature not in Nature.values:
        fail("nature", _("企业性质“{value}”无效。").format(value=data.nature))
    if "srdi_tier" not in bad and data.srdi_tier not in SrdiTier.values:
        fail("srdi_tier", _("优质中小企业情况“{value}”无效。").format(value=data.srdi_tier))
    if not errors:
        for finding in area_findings(program, code, division, zone, lookups):
            if finding.action == "refuse":
                fail("credit_code" if finding.rule == "outside_region" else "division_code",
                     finding.message)  # fmt: skip
    if errors:
        return {}, errors
    values = {
        "credit_code": code,
        "name": data.name,
        "division": division,
        "zone": zone,
        "industry": industry,
        "segment": segment,
        "nature": data.nature,
        "srdi_tier": data.srdi_tier,
        "above_scale": data.above_scale,
        "employees": data.employees,
        "revenue": data.revenue,
        "size_class": size_class(data.employees, data.revenue),
        "address": data.address,
        "founded_on": data.founded_on,
        "is_pilot": data.is_pilot,
        "contact_name": data.contact_name,
        "contact_phone": data.contact_phone,
        "contact_email": data.contact_email,
        "bank_account": data.bank_account,
        "contact_phone_index": blind_index(data.contact_phone) if data.contact_phone else "",
        "bank_account_index": blind_index(data.bank_account) if data.bank_account else "",
    }
    return values, errors


def may_edit(actor: User, division: Division | None, zone: Division | None) -> bool:
    scope = scope_of(actor)
    if scope.role == "city_admin":
        return True
    if scope.role == "district_officer":
        return bool({d.pk for d in (division, zone) if d is not None} & scope.division_ids)
    return False


REGISTRY_ROLES = frozenset({"city_admin", "district_officer"})


def require_registry_role(actor: User) -> None:
    """Only officials write the registry: any other role is refused (403) before a credit code
    is looked up, so the refusal says nothing about which codes exist."""
    if scope_of(actor).role not in REGISTRY_ROLES:
        raise PermissionDenied(_("只有市级管理员和县区工作人员可以登记或修改企业名录。"))


def unavailable_code_message(code: str) -> str:
    """The refusal of a credit code registered outside the actor's scope. A district officer
    learns only that this code cannot be registered by them (which the uniqueness of codes makes
    unavoidable), never that nor where it is registered or under which name."""
    return _(
        "统一社会信用代码“{code}”无法由您登记或更新；如该企业属于您的辖区，请联系市级管理员核实。"
    ).format(code=code)


def _clash(actor: User, program: Program, code: str, exclude: int | None = None) -> str | None:
    """The refusal for a credit code held by another enterprise, saying no more than the actor
    may see."""
    clash = Enterprise.objects.filter(program=program, credit_code=code)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    pk = clash.values_list("pk", flat=True).first()
    if pk is None:
        return None
    if visible_enterprises(actor).filter(pk=pk).exists():
        return _("统一社会信用代码“{code}”已登记。").format(code=code)
    return unavailable_code_message(code)


@transaction.atomic
def register_enterprise(program: Program, data: EnterpriseData, *, actor: User) -> Enterprise:
    """Officials register an enterprise in their scope; the credit code is unique per programme."""
    require_registry_role(actor)
    values, errors = resolve_enterprise_data(program, data)
    if not errors and not may_edit(actor, values["division"], values["zone"]):
        errors.setdefault("division_code", []).append(_("您无权在该区划登记企业。"))
    if "credit_code" in values and (message := _clash(actor, program, values["credit_code"])):
        errors.setdefault("credit_code", []).append(message)
    if errors:
        raise ValidationError(errors)
    enterprise = Enterprise.objects.create(program=program, **values)
    record(
        actor=actor,
        action="enterprise.register",
        target=enterprise,
        changes=diff({}, snapshot(enterprise, AUDITED), sensitive=SENSITIVE),
    )
    return enterprise


@transaction.atomic
def update_enterprise(enterprise_id: int, data: EnterpriseData, *, actor: User) -> Enterprise:
    require_registry_role(actor)
    enterprise = visible_enterprises(actor).select_for_update(of=("self",)).get(pk=enterprise_id)
    values, errors = resolve_enterprise_data(enterprise.program, data)
    if not errors and not may_edit(actor, values["division"], values["zone"]):
        errors.setdefault("division_code", []).append(_("您无权把企业登记到该区划。"))
    if "credit_code" in values and (
        message := _clash(actor, enterprise.program, values["credit_code"], exclude=enterprise.pk)
    ):
        errors.setdefault("credit_code", []).append(message)
    if errors:
        raise ValidationError(errors)
    before = snapshot(enterprise, AUDITED)
    for name, value in values.items():
        setattr(enterprise, name, value)
    enterprise.save(update_fields=[*values.keys(), "updated_at"])
    changes = diff(before, snapshot(enterprise, AUDITED), sensitive=SENSITIVE)
    if changes:
        record(actor=actor, action="enterprise.update", target=enterprise, changes=changes)
    return enterprise


def reveal_enterprise_contacts(enterprise: Enterprise, *, actor: User) -> dict[str, str]:
    """Full contact data for a role allowed to see it; the read itself is audited."""
    record(actor=actor, action="enterprise.reveal_contacts", kind="read", target=enterprise)
    return {
        "contact_name": enterprise.contact_name,
        "contact_phone": enterprise.contact_phone,
        "contact_email": enterprise.contact_email,
        "bank_account": enterprise.bank_account,
    }


@transaction.atomic
def upsert_enterprise(
    program: Program, data: EnterpriseData, *, actor: User
) -> tuple[Enterprise, bool]:
    """District and industry platforms push their lists: the credit code decides update or create.

    An existing enterprise outside the caller's scope is refused like a clash: the refusal names
    neither its division nor its name (see `unavailable_code_message`)."""
    require_registry_role(actor)
    code = normalise_credit_code(data.credit_code)
    existing = (
        Enterprise.objects.filter(program=program, credit_code=code)
        .values_list("pk", flat=True)
        .first()
    )
    if existing is None:
        return register_enterprise(program, data, actor=actor), True
    if not visible_enterprises(actor).filter(pk=existing).exists():
        raise ValidationError({"credit_code": [unavailable_code_message(code)]})
    return update_enterprise(existing, data, actor=actor), False
