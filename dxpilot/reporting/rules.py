"""Readers of the programme file's `reporting` section (programs/spec/reporting.py), with the
defaults for a programme loaded before the section existed. Pure functions over the programme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dxpilot.programs.models import Program, Stage

ZERO, ONE = Decimal(0), Decimal(1)


@dataclass(frozen=True)
class EvaluationStage:
    key: str
    name: str
    stage: str  # a Stage key of the programme
    starts_on: date
    ends_on: date
    final: bool


def _section(program: Program, name: str) -> dict[str, object]:
    rule = program.reporting_rule or {}
    section = rule.get(name) if isinstance(rule, dict) else None
    return section if isinstance(section, dict) else {}


def circular_prefix(program: Program) -> str:
    return str(_section(program, "circulars").get("number_prefix") or "试点通报")


def evaluation_prefix(program: Program) -> str:
    return str(_section(program, "evaluations").get("number_prefix") or "试点评价")


def fixed_shares(program: Program) -> dict[str, Decimal] | None:
    """The {division code: share} of the file, or None for the default (by pilot enterprises)."""
    shares = _section(program, "circulars").get("division_shares")
    if isinstance(shares, dict):
        return {str(code): Decimal(str(value)) for code, value in shares.items()}
    return None


def circular_target_keys(program: Program, all_keys: list[str]) -> list[str]:
    keys = _section(program, "circulars").get("targets")
    if isinstance(keys, list):
        return [k for k in (str(key) for key in keys) if k in all_keys]
    return list(all_keys)


def indicator_keys(program: Program, all_keys: list[str]) -> list[str]:
    keys = _section(program, "evaluations").get("indicators")
    if isinstance(keys, list):
        return [k for k in (str(key) for key in keys) if k in all_keys]
    return list(all_keys)


def expected_share(program: Program, stages: list[Stage], on: date) -> Decimal:
    """Share of every target the programme should have reached by `on` (§四's stages).

    The file gives the share due at the end of some stages; in between it grows linearly from 0
    at the programme's start. Without the setting, the share is the time elapsed."""
    raw = _section(program, "circulars").get("expected_progress")
    given = raw if isinstance(raw, dict) else {}
    start = program.starts_on - timedelta(days=1)
    points: list[tuple[date, Decimal]] = [(start, ZERO)]
    points.extend(
        (stage.ends_on, Decimal(str(given[stage.key])))
        for stage in sorted(stages, key=lambda s: s.ends_on)
        if stage.key in given
    )
    if len(points) == 1:
        points.append((program.ends_on, ONE))
    if on <= points[0][0]:
        return ZERO
    for (d0, v0), (d1, v1) in pairwise(points):
        if on <= d1:
            span = Decimal((d1 - d0).days) or ONE
            return (v0 + (v1 - v0) * Decimal((on - d0).days) / span).quantize(Decimal("0.0001"))
    return points[-1][1]


def evaluation_stages(program: Program, stages: list[Stage]) -> list[EvaluationStage]:
    """The evaluations of the file (default: one per stage of the programme); the last is final."""
    by_key = {s.key: s for s in stages}
    raw = _section(program, "evaluations").get("stages")
    entries = (
        [e for e in raw if isinstance(e, dict)]
        if isinstance(raw, list)
        else [{"key": s.key, "name": s.name, "stage": s.key} for s in stages]
    )
    known = [e for e in entries if str(e.get("stage")) in by_key]
    result = []
    for n, entry in enumerate(known):
        stage = by_key[str(entry["stage"])]
        result.append(
            EvaluationStage(
                key=str(entry["key"]),
                name=str(entry.get("name") or stage.name),
                stage=stage.key,
                # An evaluation covers the programme from its start to the stage's end.
                starts_on=program.starts_on,
                ends_on=stage.ends_on,
                final=n == len(known) - 1,
            )
        )
    return result
