"""The `reporting` section of a programme file: 定期通报 circulars (合政办〔2024〕12号 §五.1) and
绩效评价 performance evaluation (§三.9, stages of §四). Read by dxpilot.reporting.

Every key may be omitted; the defaults are those a city without its own rules would use:
- `circulars.division_shares: pilots` — each division's share of a divided target is its share
  of the programme's pilot enterprises (试点企业) when the circular is generated; a mapping
  {division code: share} fixes the shares instead (the 县区 must then add up to 1);
- `circulars.targets` — the targets divided among the divisions (default: every target whose
  metric counts the divisions' own enterprises is the city's choice, so the default is all);
- `circulars.expected_progress` — share of every target due by the end of each stage of §四
  (default: in proportion to the time elapsed since the programme's start);
- `evaluations.stages` — one evaluation per stage of §四, the last one being the final one;
- `evaluations.indicators` — the national evaluation method is not published (the attachment of
  财建〔2023〕117号 was not found), so the default indicator set is every target of the plan.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dxpilot.programs.spec.checker import Checker

SHARE_MODES = ("pilots",)
ONE = Decimal(1)
# The administrative divisions' fixed shares must add up to 1 within this tolerance.
SUM_TOLERANCE = Decimal("0.001")


def reporting(
    c: Checker,
    data: dict[str, Any],
    divisions: list[dict[str, Any]],
    stages: list[dict[str, Any]],
    targets: list[dict[str, Any]],
) -> dict[str, Any]:
    item = c.mapping(data.get("reporting") or {}, "reporting")
    target_keys = [t["key"] for t in targets]
    stage_keys = [s["key"] for s in stages]
    return {
        "circulars": _circulars(c, item, divisions, stage_keys, target_keys),
        "evaluations": _evaluations(c, item, stages, target_keys),
    }


def _known(c: Checker, raw: Any, path: str, known: list[str], label: str) -> list[str]:
    if raw is None:
        return list(known)
    if not isinstance(raw, list):
        c.fail(path, _("应为列表。"))
        return []
    keys: list[str] = []
    for n, key in enumerate(raw):
        if str(key) not in known:
            c.fail(f"{path}[{n}]", _("{label}“{key}”不存在。").format(label=label, key=key))
        elif str(key) in keys:
            c.fail(f"{path}[{n}]", _("{label}“{key}”重复。").format(label=label, key=key))
        else:
            keys.append(str(key))
    return keys


def _prefix(c: Checker, item: dict[str, Any], path: str, default: str) -> str:
    if item.get("number_prefix") is None:
        return default
    return c.text(item, "number_prefix", path, limit=20)


def _shares(c: Checker, raw: Any, divisions: list[dict[str, Any]]) -> str | dict[str, str]:
    path = "reporting.circulars.division_shares"
    if raw is None or raw in SHARE_MODES:
        return "pilots"
    if not isinstance(raw, dict):
        c.fail(path, _("应为“pilots”（按试点企业数分配）或“区划代码: 份额”的映射。"))
        return "pilots"
    kinds = {d["code"]: d["kind"] for d in divisions}
    shares: dict[str, str] = {}
    total = Decimal(0)
    for code, value in raw.items():
        share = c.number(value, f"{path}.{code}", minimum=Decimal(0), maximum=ONE)
        if str(code) not in kinds:
            c.fail(f"{path}.{code}", _("区划代码“{code}”不在本方案中。").format(code=code))
            continue
        if share is None:
            continue
        shares[str(code)] = str(share)
        if kinds[str(code)] != "zone":
            total += share
    if abs(total - ONE) > SUM_TOLERANCE:
        c.fail(path, _("各县（市）区的份额合计应为 1（现为 {total}）。").format(total=total))
    return shares


def _circulars(
    c: Checker,
    data: dict[str, Any],
    divisions: list[dict[str, Any]],
    stage_keys: list[str],
    target_keys: list[str],
) -> dict[str, Any]:
    path = "reporting.circulars"
    item = c.mapping(data.get("circulars") or {}, path)
    expected: dict[str, str] = {}
    raw = item.get("expected_progress")
    if raw is not None:
        previous = Decimal(0)
        for key, value in c.mapping(raw, f"{path}.expected_progress").items():
            where = f"{path}.expected_progress.{key}"
            if str(key) not in stage_keys:
                c.fail(where, _("阶段“{key}”不存在。").format(key=key))
                continue
            share = c.number(value, where, minimum=Decimal(0), maximum=ONE)
            if share is None:
                continue
            expected[str(key)] = str(share)
        ordered = [Decimal(expected[k]) for k in stage_keys if k in expected]
        for share in ordered:
            if share < previous:
                c.fail(f"{path}.expected_progress", _("各阶段的进度要求不能逐段下降。"))
                break
            previous = share
    return {
        "number_prefix": _prefix(c, item, path, "试点通报"),
        "division_shares": _shares(c, item.get("division_shares"), divisions),
        "targets": _known(c, item.get("targets"), f"{path}.targets", target_keys, _("指标")),
        "expected_progress": expected,
    }


def _evaluations(
    c: Checker, data: dict[str, Any], stages: list[dict[str, Any]], target_keys: list[str]
) -> dict[str, Any]:
    path = "reporting.evaluations"
    item = c.mapping(data.get("evaluations") or {}, path)
    stage_keys = [s["key"] for s in stages]
    result: list[dict[str, str]] = []
    raw = item.get("stages")
    if raw is None:
        result = [{"key": s["key"], "name": s["name"], "stage": s["key"]} for s in stages]
    else:
        seen: set[str] = set()
        for n, entry in enumerate(c.items(item, "stages")):
            where = f"{path}.stages[{n}]"
            row = c.mapping(entry, where)
            key = c.key(row, "key", where)
            c.unique(seen, key, f"{where}.key", _("评价阶段标识"))
            stage = c.text(row, "stage", where)
            if stage and stage not in stage_keys:
                c.fail(f"{where}.stage", _("阶段“{key}”不存在。").format(key=stage))
            result.append(
                {"key": key, "name": c.text(row, "name", where, limit=60), "stage": stage}
            )
    indicators = _known(c, item.get("indicators"), f"{path}.indicators", target_keys, _("指标"))
    return {
        "number_prefix": _prefix(c, item, path, "试点评价"),
        "stages": result,
        "indicators": indicators,
    }
