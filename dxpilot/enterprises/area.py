"""The credit code's registration area against the programme's region and the chosen division.

Characters 3-8 of a 统一社会信用代码 are the 登记管理机关行政区划码 (GB 32100-2015): the
administrative division of the authority that registered the enterprise. A pilot city funds its
own SMEs (Hefei's plan §二: 本市中小企业), so a code registered in another city is refused by
default; a code registered in another district of the same city is shown as a warning (the
enterprise may have moved since). Both are programme configuration (`registry:` in the file).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from dxpilot.enterprises.models import Enterprise
    from dxpilot.programs.models import Division, Program

DEFAULT_RULE = {"outside_region": "refuse", "other_division": "warn"}


class DivisionLookup(Protocol):
    def division(self, code: str) -> Division | None: ...

    def zone(self, code: str) -> Division | None: ...


@dataclass(frozen=True)
class Finding:
    rule: str  # "outside_region" or "other_division"
    action: str  # "refuse", "warn" (never "ignore": ignored findings are not returned)
    message: str


def region_prefix(region_code: str) -> str:
    """The leading digits every code of the region starts with: 340100 → 3401 (a city),
    340000 → 34 (a province), 340104 → 340104 (a county-level programme)."""
    if len(region_code) != 6 or not region_code.isdigit():
        return ""
    if region_code[2:] == "0000":
        return region_code[:2]
    if region_code[4:] == "00":
        return region_code[:4]
    return region_code


def area_findings(
    program: Program,
    code: str,
    division: Division | None,
    zone: Division | None,
    lookups: DivisionLookup,
) -> list[Finding]:
    rule = {**DEFAULT_RULE, **(program.registry_rule or {})}
    area = code[2:8]
    prefix = region_prefix(program.region_code)
    if not prefix or not area.isdigit():
        return []
    found: list[Finding] = []
    if not area.startswith(prefix):
        if rule["outside_region"] != "ignore":
            found.append(
                Finding(
                    "outside_region",
                    rule["outside_region"],
                    _(
                        "统一社会信用代码第3–8位（登记管理机关行政区划码）为“{area}”，"
                        "不在本试点方案的地区（{city}，{region}）内。"
                    ).format(area=area, city=program.city, region=program.region_code),
                )
            )
        return found
    if division is None or rule["other_division"] == "ignore" or area == program.region_code:
        return found
    if (zone is not None and zone.code == area) or lookups.zone(area) is not None:
        return found  # registered by a 开发区's authority: zones overlap divisions
    registered_in = lookups.division(area)
    if registered_in is not None and registered_in.pk != division.pk:
        found.append(
            Finding(
                "other_division",
                rule["other_division"],
                _(
                    "统一社会信用代码显示登记机关在{other}（{area}），与所选区划{division}"
                    "（{code}）不一致；企业如已迁址请核实。"
                ).format(
                    other=registered_in.name, area=area, division=division.name, code=division.code
                ),
            )
        )
    return found


class ProgramPlaces:
    """Division and zone by code, one query each (for a single enterprise's page)."""

    def __init__(self, program: Program) -> None:
        self.program = program

    def division(self, code: str) -> Division | None:
        from dxpilot.programs.models import Division

        return self.program.divisions.exclude(kind=Division.Kind.ZONE).filter(code=code).first()

    def zone(self, code: str) -> Division | None:
        from dxpilot.programs.models import Division

        return self.program.divisions.filter(kind=Division.Kind.ZONE, code=code).first()


def registry_warnings(enterprise: Enterprise) -> list[str]:
    """What the registry page warns about a stored enterprise (configured as "warn")."""
    findings = area_findings(
        enterprise.program,
        enterprise.credit_code,
        enterprise.division,
        enterprise.zone,
        ProgramPlaces(enterprise.program),
    )
    return [f.message for f in findings if f.action == "warn"]
