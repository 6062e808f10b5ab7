"""Parsing and validating a programme file. Pure: no database access.

Every problem is collected (path + Chinese reason) so a broken file is refused in one go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.utils.translation import gettext as _

from dxpilot.programs.evidence import EvidenceKind
from dxpilot.programs.metrics import METRIC_PARAMS, METRICS
from dxpilot.programs.models import Batch, Division, Segment, Target

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
INDUSTRY_RE = re.compile(r"^\d{3,4}$")
DIVISION_KINDS = {k for k in Division.Kind.values if k != Division.Kind.ZONE}


@dataclass
class SpecError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass
class ProgramSpecError(Exception):
    errors: list[SpecError]

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


@dataclass
class _Checker:
    errors: list[SpecError] = field(default_factory=list)

    def fail(self, path: str, message: str) -> None:
        self.errors.append(SpecError(path, message))

    def mapping(self, data: Any, path: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail(path, _("应为键值对（映射）。"))
            return {}
        return data

    def items(self, data: dict[str, Any], name: str, *, required: bool = True) -> list[Any]:
        value = data.get(name)
        if value is None:
            if required:
                self.fail(name, _("缺少必填项。"))
            return []
        if not isinstance(value, list):
            self.fail(name, _("应为列表。"))
            return []
        return value

    def text(
        self,
        data: dict[str, Any],
        name: str,
        path: str,
        *,
        required: bool = True,
        limit: int | None = None,
    ) -> str:
        """A text value; `limit` is the column's max_length (refused here, not by the database)."""
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(f"{path}.{name}", _("缺少必填项。"))
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.fail(f"{path}.{name}", _("应为文本。"))
            return ""
        text = str(value).strip()
        if limit is not None and len(text) > limit:
            self.fail(
                f"{path}.{name}",
                _("不能超过 {limit} 个字符（现为 {length} 个）。").format(
                    limit=limit, length=len(text)
                ),
            )
        return text

    def key(self, data: dict[str, Any], name: str, path: str, *, limit: int = 40) -> str:
        value = self.text(data, name, path, limit=limit)
        if value and not KEY_RE.match(value):
            self.fail(
                f"{path}.{name}",
                _("标识“{value}”只能包含小写字母、数字和连字符。").format(value=value),
            )
        return value

    def day(self, data: dict[str, Any], name: str, path: str) -> date | None:
        value = data.get(name)
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        if value is None:
            self.fail(f"{path}.{name}", _("缺少必填日期。"))
        else:
            self.fail(
                f"{path}.{name}",
                _("“{value}”不是有效日期，应写作 YYYY-MM-DD。").format(value=value),
            )
        return None

    def number(
        self,
        value: Any,
        path: str,
        *,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
    ) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.fail(path, _("“{value}”不是数字。").format(value=value))
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(path, _("“{value}”不是数字。").format(value=value))
            return None
        if not number.is_finite():
            self.fail(path, _("“{value}”不是数字。").format(value=value))
            return None
        if minimum is not None and number < minimum:
            self.fail(
                path, _("数值 {value} 不能小于 {minimum}。").format(value=value, minimum=minimum)
            )
        if maximum is not None and number > maximum:
            self.fail(
                path, _("数值 {value} 不能大于 {maximum}。").format(value=value, maximum=maximum)
            )
        return number

    def window(self, start: date | None, end: date | None, path: str) -> None:
        if start and end and end < start:
            self.fail(path, _("结束日期 {end} 早于开始日期 {start}。").format(end=end, start=start))

    def unique(self, seen: set[str], value: str, path: str, label: str) -> None:
        if not value:
            return
        if value in seen:
            self.fail(path, _("{label}“{value}”重复。").format(label=label, value=value))
        seen.add(value)


class _TextDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: YAML would raise a bare ValueError for 2024-13-01,
    whereas `_Checker.day` reports every bad date with its path."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_program_text(text: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_TextDatesLoader)  # noqa: S506 - a SafeLoader subclass
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
    c = _Checker()
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
    spec["divisions"] = _divisions(c, data)
    industries = _industries(c, data)
    spec["industries"] = industries
    spec["segments"] = _segments(c, data, {i["code"] for i in industries})
    spec["batches"] = _batches(c, data)
    spec["stages"] = _stages(c, data)
    spec["targets"] = _targets(c, data)
    spec["provider_kinds"] = _provider_kinds(c, data)
    spec["assessment"] = _assessment(c, data, spec["segments"])
    spec["subsidy"] = _subsidy(c, data)
    spec["acceptance"] = _acceptance(c, data)
    if c.errors:
        raise ProgramSpecError(c.errors)
    return spec


def _divisions(c: _Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
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


def _industries(c: _Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
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


def _segments(c: _Checker, data: dict[str, Any], industry_codes: set[str]) -> list[dict[str, Any]]:
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


def _batches(c: _Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
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


def _stages(c: _Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
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


def _targets(c: _Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
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


def _provider_kinds(c: _Checker, data: dict[str, Any]) -> list[dict[str, Any]]:
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


def _assessment(
    c: _Checker, data: dict[str, Any], segments: list[dict[str, Any]]
) -> dict[str, Any]:
    from dxpilot.programs.assessment_config import check_assessment_config

    item = c.mapping(data.get("assessment") or {}, "assessment")
    edition = str(item.get("edition", "2024"))
    config = {
        "edition": edition,
        "level_rules": item.get("level_rules"),
        "constraint_scenes": item.get("constraint_scenes"),
    }
    for problem in check_assessment_config(config, segments):
        c.fail(problem.path, problem.message)
    return config


def _subsidy(c: _Checker, data: dict[str, Any]) -> dict[str, Any]:
    item = c.mapping(data.get("subsidy"), "subsidy")
    ratios: dict[str, str] = {}
    for year, ratio in (
        c.mapping(item.get("ratio_by_completion_year"), "subsidy.ratio_by_completion_year")
    ).items():
        path = f"subsidy.ratio_by_completion_year.{year}"
        if not str(year).isdigit() or len(str(year)) != 4:
            c.fail(path, _("年份“{year}”应为4位数字。").format(year=year))
        value = c.number(ratio, path, minimum=Decimal(0), maximum=Decimal(1))
        ratios[str(year)] = str(value)
    caps: dict[str, str] = {}
    for level, cap in (c.mapping(item.get("cap_by_level"), "subsidy.cap_by_level")).items():
        path = f"subsidy.cap_by_level.{level}"
        if str(level) not in {"1", "2", "3", "4"}:
            c.fail(path, _("等级“{level}”应为 1 到 4。").format(level=level))
        caps[str(level)] = str(c.number(cap, path, minimum=Decimal(0)))
    categories, keys = [], set[str]()
    for n, raw in enumerate(c.items(item, "categories")):
        path = f"subsidy.categories[{n}]"
        cat = c.mapping(raw, path)
        key = c.text(cat, "key", path)
        c.unique(keys, key, f"{path}.key", _("投入类别"))
        if not isinstance(cat.get("eligible"), bool):
            c.fail(f"{path}.eligible", _("应为 true 或 false。"))
        categories.append(
            {"key": key, "name": c.text(cat, "name", path), "eligible": bool(cat.get("eligible"))}
        )
    if categories and not any(cat["eligible"] for cat in categories):
        c.fail("subsidy.categories", _("至少要有一个可计入奖补的投入类别。"))
    windows: dict[str, list[str]] = {}
    for name, raw in (c.mapping(item.get("windows") or {}, "subsidy.windows")).items():
        path = f"subsidy.windows.{name}"
        window = c.mapping(raw, path)
        start, end = c.day(window, "from", path), c.day(window, "to", path)
        c.window(start, end, path)
        windows[str(name)] = [str(start), str(end)]
    min_level = item.get("min_level", 2)
    if min_level not in (1, 2, 3, 4):
        c.fail("subsidy.min_level", _("等级应为 1 到 4。"))
    disbursement = []
    for n, raw in enumerate(
        item.get("disbursement") or [{"key": "settlement", "name": "一次性兑现", "share": 1}]
    ):
        path = f"subsidy.disbursement[{n}]"
        stage = c.mapping(raw, path)
        share = c.number(
            stage.get("share"), f"{path}.share", minimum=Decimal(0), maximum=Decimal(1)
        )
        disbursement.append(
            {
                "key": c.text(stage, "key", path),
                "name": c.text(stage, "name", path),
                "share": str(share),
            }
        )
    total = sum((Decimal(d["share"]) for d in disbursement if d["share"] != "None"), Decimal(0))
    if disbursement and total != 1:
        c.fail(
            "subsidy.disbursement",
            _("各次拨付比例之和应为 1，当前为 {total}。").format(total=total),
        )
    return {
        "ratio_by_completion_year": ratios,
        "cap_by_level": caps,
        "min_level": min_level,
        "categories": categories,
        "windows": windows,
        "disbursement": disbursement,
    }


def _acceptance(c: _Checker, data: dict[str, Any]) -> dict[str, Any]:
    item = c.mapping(data.get("acceptance") or {}, "acceptance")
    months = item.get("apply_within_months", 3)
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        c.fail("acceptance.apply_within_months", _("应为正整数（月）。"))
    min_level = item.get("min_level", 2)
    if min_level not in (1, 2, 3, 4):
        c.fail("acceptance.min_level", _("等级应为 1 到 4。"))
    checklist: dict[str, list[str]] = {}
    for stage, kinds in (c.mapping(item.get("checklist") or {}, "acceptance.checklist")).items():
        path = f"acceptance.checklist.{stage}"
        if not isinstance(kinds, list):
            c.fail(path, _("应为材料类型列表。"))
            continue
        for kind in kinds:
            if kind not in EvidenceKind.values:
                c.fail(
                    path,
                    _("材料类型“{kind}”无效，可选：{choices}。").format(
                        kind=kind, choices="、".join(EvidenceKind.values)
                    ),
                )
        checklist[str(stage)] = [str(k) for k in kinds]
    return {"apply_within_months": months, "min_level": min_level, "checklist": checklist}
