"""The rule sections of a programme file: assessment (level rules, constraint scenes), subsidy
(ratios, caps, categories, windows, disbursement) and acceptance (deadline, level, checklist)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dxpilot.programs.assessment_config import check_assessment_config
from dxpilot.programs.evidence import EvidenceKind
from dxpilot.programs.spec.checker import Checker


def assessment(c: Checker, data: dict[str, Any], segments: list[dict[str, Any]]) -> dict[str, Any]:
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


def subsidy(c: Checker, data: dict[str, Any]) -> dict[str, Any]:
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


def acceptance(c: Checker, data: dict[str, Any]) -> dict[str, Any]:
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


REGISTRY_ACTIONS = ("refuse", "warn", "ignore")


def registry(c: Checker, data: dict[str, Any]) -> dict[str, str]:
    """How the credit code's registration-authority area (characters 3-8, GB 32100-2015) is
    compared with the programme's region and with the enterprise's chosen division."""
    item = c.mapping(data.get("registry") or {}, "registry")
    rule = {"outside_region": "refuse", "other_division": "warn"}
    for name in rule:
        value = item.get(name, rule[name])
        if value not in REGISTRY_ACTIONS:
            c.fail(
                f"registry.{name}",
                _("应为 {choices} 之一。").format(choices="、".join(REGISTRY_ACTIONS)),
            )
            continue
        rule[name] = str(value)
    return rule
