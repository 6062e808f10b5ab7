"""Parsing and validating a programme file. Pure: no database access.

Every problem is collected (path + Chinese reason) so a broken file is refused in one go.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml
from django.utils.translation import gettext as _

from dxpilot.programs.spec import reporting, rules, sections
from dxpilot.programs.spec.checker import Checker, ProgramSpecError, SpecError, TextDatesLoader

__all__ = ["ProgramSpecError", "SpecError", "parse_program_text", "validate_program"]


def parse_program_text(text: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=TextDatesLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("第 {line} 行").format(line=mark.line + 1) if mark else ""
        raise ProgramSpecError(
            [
                SpecError(
                    where,
                    _("不是有效的 YAML：{problem}").format(problem=getattr(exc, "problem", exc)),
                )
            ]
        ) from exc
    if not isinstance(data, dict):
        raise ProgramSpecError([SpecError("", _("方案文件的顶层应为键值对。"))])
    return validate_program(data)


def validate_program(data: dict[str, Any]) -> dict[str, Any]:
    """Return a normalised spec, or raise ProgramSpecError listing every problem."""
    c = Checker()
    spec: dict[str, Any] = {
        "key": c.key(data, "key", "program"),
        "name": c.text(data, "name", "program", limit=200),
        "city": c.text(data, "city", "program", limit=50),
        "province": c.text(data, "province", "program", required=False, limit=50),
        "region_code": c.text(data, "region_code", "program", required=False, limit=12),
        "documents": [str(d) for d in data.get("documents") or []],
    }
    period = c.mapping(data.get("period"), "period")
    spec["starts_on"], spec["ends_on"] = (
        c.day(period, "starts_on", "period"),
        c.day(period, "ends_on", "period"),
    )
    c.window(spec["starts_on"], spec["ends_on"], "period")
    spec["central_fund_cap"] = c.number(
        data.get("central_fund_cap"), "central_fund_cap", minimum=Decimal(0)
    )
    spec["enterprise_share_min"] = c.number(
        data.get("enterprise_share_min", "0.8"),
        "enterprise_share_min",
        minimum=Decimal(0),
        maximum=Decimal(1),
    )
    spec["divisions"] = sections.divisions(c, data)
    industries = sections.industries(c, data)
    spec["industries"] = industries
    spec["segments"] = sections.segments(c, data, {i["code"] for i in industries})
    spec["batches"] = sections.batches(c, data)
    spec["stages"] = sections.stages(c, data)
    spec["targets"] = sections.targets(c, data)
    spec["provider_kinds"] = sections.provider_kinds(c, data)
    spec["assessment"] = rules.assessment(c, data, spec["segments"])
    spec["subsidy"] = rules.subsidy(c, data)
    spec["acceptance"] = rules.acceptance(c, data)
    spec["registry"] = rules.registry(c, data)
    spec["reporting"] = reporting.reporting(
        c, data, spec["divisions"], spec["stages"], spec["targets"]
    )
    if c.errors:
        raise ProgramSpecError(c.errors)
    return spec
