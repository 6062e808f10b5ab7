"""The sections of a programme file that list things: divisions, industries, 细分行业, batches,
stages, targets and provider kinds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dxpilot.programs.metrics import METRIC_PARAMS, METRICS
from dxpilot.programs.models import Batch, Division, Segment, Target
from dxpilot.programs.spec.checker import DIVISION_KINDS, INDUSTRY_RE, Checker


def divisions(c: Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    codes: set[str] = set()
    for group, kinds in (("divisions", DIVISION_KINDS), ("zones", {Division.Kind.ZONE.value})):
        for n, raw in enumerate(c.items(data, group, required=group == "divisions")):
            path = f"{group}[{n}]"
            item = c.mapping(raw, path)
            code = c.text(item, "code", path, limit=20)
            c.unique(codes, code, f"{path}.code", _("区划代码"))
            kind = str(item.get("kind", Division.Kind.ZONE if group == "zones" else ""))
            if kind not in kinds:
                c.fail(
                    f"{path}.kind",
                    _("类型“{kind}”无效，可选：{choices}。").format(
                        kind=kind, choices="、".join(sorted(kinds))
                    ),
                )
            result.append(
                {
                    "code": code,
                    "name": c.text(item, "name", path, limit=60),
                    "short_name": c.text(item, "short_name", path, required=False, limit=30),
                    "kind": kind,
                    "order": len(result),
                }
            )
    return result


def industries(c: Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
    result, codes = [], set[str]()
    for n, raw in enumerate(c.items(data, "industries")):
        path = f"industries[{n}]"
        item = c.mapping(raw, path)
        code = c.text(item, "code", path)
        if code and not (INDUSTRY_RE.match(code) and len(code) == 3):
            c.fail(f"{path}.code", _("行业大类代码“{code}”应为3位数字。").format(code=code))
        c.unique(codes, code, f"{path}.code", _("行业代码"))
        result.append({"code": code, "name": c.text(item, "name", path, limit=100), "parent": None})
        for m, raw_class in enumerate(item.get("classes") or []):
            cpath = f"{path}.classes[{m}]"
            cls = c.mapping(raw_class, cpath)
            ccode = c.text(cls, "code", cpath)
            if ccode and not (len(ccode) == 4 and ccode.isdigit() and ccode.startswith(code)):
                c.fail(
                    f"{cpath}.code",
                    _("行业小类代码“{ccode}”应为以“{code}”开头的4位数字。").format(
                        ccode=ccode, code=code
                    ),
                )
            c.unique(codes, ccode, f"{cpath}.code", _("行业代码"))
            result.append(
                {"code": ccode, "name": c.text(cls, "name", cpath, limit=100), "parent": code}
            )
    return result


def segments(c: Checker, data: dict[str, Any], industry_codes: set[str]) -> list[dict[str, Any]]:
    result, keys = [], set[str]()
    for n, raw in enumerate(c.items(data, "segments")):
        path = f"segments[{n}]"
        item = c.mapping(raw, path)
        key = c.key(item, "key", path)
        c.unique(keys, key, f"{path}.key", _("细分行业标识"))
        kind = str(item.get("kind", ""))
        if kind not in Segment.Kind.values:
            c.fail(f"{path}.kind", _("类型“{kind}”无效，可选：industry、chain。").format(kind=kind))
        codes = [str(code) for code in item.get("industries") or []]
        for code in codes:
            if code not in industry_codes:
                c.fail(
                    f"{path}.industries",
                    _("行业代码“{code}”未在 industries 中定义。").format(code=code),
                )
        if kind == Segment.Kind.INDUSTRY and not codes:
            c.fail(f"{path}.industries", _("试点行业必须列出行业代码。"))
        result.append(
            {
                "key": key,
                "name": c.text(item, "name", path, limit=100),
                "kind": kind,
                "industries": codes,
                "constraint_scenes": item.get("constraint_scenes"),
                "order": n,
            }
        )
    return result


def batches(c: Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
    result, seen = [], set[str]()
    for n, raw in enumerate(c.items(data, "batches")):
        path = f"batches[{n}]"
        item = c.mapping(raw, path)
        kind = str(item.get("kind", ""))
        if kind not in Batch.Kind.values:
            c.fail(
                f"{path}.kind",
                _("类型“{kind}”无效，可选：{choices}。").format(
                    kind=kind, choices="、".join(Batch.Kind.values)
                ),
            )
        number = item.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            c.fail(f"{path}.number", _("批次号应为正整数。"))
        c.unique(seen, f"{kind}-{number}", f"{path}.number", _("批次"))
        opens, closes = c.day(item, "opens_on", path), c.day(item, "closes_on", path)
        c.window(opens, closes, path)
        result.append(
            {
                "number": number,
                "kind": kind,
                "name": c.text(item, "name", path, limit=100),
                "opens_on": opens,
                "closes_on": closes,
                "quota": item.get("quota"),
            }
        )
    return result


def stages(c: Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
    result, keys = [], set[str]()
    for n, raw in enumerate(c.items(data, "stages")):
        path = f"stages[{n}]"
        item = c.mapping(raw, path)
        key = c.key(item, "key", path)
        c.unique(keys, key, f"{path}.key", _("阶段标识"))
        starts, ends = c.day(item, "starts_on", path), c.day(item, "ends_on", path)
        c.window(starts, ends, path)
        result.append(
            {
                "key": key,
                "name": c.text(item, "name", path, limit=100),
                "starts_on": starts,
                "ends_on": ends,
            }
        )
    return result


def targets(c: Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
    result, keys = [], set[str]()
    for n, raw in enumerate(c.items(data, "targets")):
        path = f"targets[{n}]"
        item = c.mapping(raw, path)
        key = c.key(item, "key", path, limit=60)
        c.unique(keys, key, f"{path}.key", _("指标标识"))
        level = str(item.get("level", ""))
        if level not in Target.Level.values:
            c.fail(
                f"{path}.level", _("层级“{level}”无效，可选：city、national。").format(level=level)
            )
        unit = c.text(item, "unit", path, limit=20)
        value = c.number(item.get("value"), f"{path}.value", minimum=Decimal(0))
        if unit == "ratio" and value is not None and value > 1:
            c.fail(f"{path}.value", _("比例应写作 0 到 1 之间的小数，例如 0.15。"))
        metric = str(item.get("metric", "") or "")
        if metric and metric not in METRICS:
            c.fail(
                f"{path}.metric",
                _("统计口径“{metric}”不存在，可选：{choices}。").format(
                    metric=metric, choices="、".join(METRICS)
                ),
            )
        params = item.get("params") or {}
        if not isinstance(params, dict):
            c.fail(f"{path}.params", _("应为键值对（映射）。"))
            params = {}
        for name, param in params.items():
            allowed = METRIC_PARAMS.get(metric, {})
            if name not in allowed:
                c.fail(
                    f"{path}.params.{name}",
                    _("统计口径“{metric}”没有参数“{name}”。").format(metric=metric, name=name),
                )
            elif not isinstance(param, int) or isinstance(param, bool):
                c.fail(f"{path}.params.{name}", _("应为整数。"))
        result.append(
            {
                "key": key,
                "name": c.text(item, "name", path, limit=120),
                "value": value,
                "unit": unit,
                "level": level,
                "metric": metric,
                "params": params,
                "per_segment": bool(item.get("per_segment", False)),
                "per_year": bool(item.get("per_year", False)),
                "source": str(item.get("source", "")),
            }
        )
    return result


def provider_kinds(c: Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
    result, keys = [], set[str]()
    for n, raw in enumerate(c.items(data, "provider_kinds")):
        path = f"provider_kinds[{n}]"
        item = c.mapping(raw, path)
        key = c.key(item, "key", path)
        c.unique(keys, key, f"{path}.key", _("服务商类型标识"))
        quota = item.get("quota_per_segment")
        if quota is not None and (
            not isinstance(quota, int) or isinstance(quota, bool) or quota < 0
        ):
            c.fail(f"{path}.quota_per_segment", _("名额应为非负整数。"))
        result.append(
            {"key": key, "name": c.text(item, "name", path, limit=40), "quota_per_segment": quota}
        )
    return result
