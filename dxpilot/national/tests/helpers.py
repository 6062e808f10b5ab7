"""Pilot enterprises registered through the registry service (the national record's population)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.services import EnterpriseData, register_enterprise, update_enterprise
from dxpilot.testing import World, enterprise_data, valid_code

_serial = iter(range(100, 100_000))


def pilot(world: World, **overrides: Any) -> Enterprise:
    code = valid_code(f"91340104MA2N{next(_serial):05d}")
    data = enterprise_data(code, overrides.pop("division", "340104"), is_pilot=True, **overrides)
    return register_enterprise(world.program, data, actor=world.city_admin)


def data_of(enterprise: Enterprise) -> EnterpriseData:
    enterprise.refresh_from_db()
    return EnterpriseData(
        credit_code=enterprise.credit_code,
        name=enterprise.name,
        division_code=enterprise.division.code,
        zone_code=enterprise.zone.code if enterprise.zone else "",
        industry_code=enterprise.industry.code,
        segment_key=enterprise.segment.key if enterprise.segment else "",
        employees=enterprise.employees,
        revenue=enterprise.revenue,
        nature=enterprise.nature,
        srdi_tier=enterprise.srdi_tier,
        above_scale=enterprise.above_scale,
        address=enterprise.address,
        founded_on=enterprise.founded_on,
        is_pilot=enterprise.is_pilot,
        contact_name=enterprise.contact_name,
        contact_phone=enterprise.contact_phone,
        contact_email=enterprise.contact_email,
        bank_account=enterprise.bank_account,
    )


def change(world: World, enterprise: Enterprise, **values: Any) -> Enterprise:
    data = asdict(data_of(enterprise))
    data.update(values)
    return update_enterprise(enterprise.pk, EnterpriseData(**data), actor=world.city_admin)
