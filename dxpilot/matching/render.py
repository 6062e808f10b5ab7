"""Words for a stored recommendation, in the active language: store figures, render words.

``Plan.recommendation`` (``Recommendation.to_dict()``) holds codes and figures only: levels as
numbers, amounts as decimal strings, each sentence as ``{"code", "params"}``, each piece of advice
as an assessment gap item. ``render_recommendation`` adds the words where the dict is shown (the
plan page), so each reader sees them in the request's language and wording fixes reach old plans.
A sentence stored before this rule that could not be turned into figures is kept as
``{"legacy_message": ...}`` (see projects migration 0005) and shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from dxpilot.assessment import render as assessment_render
from dxpilot.assessment.render import level_name
from dxpilot.core.money import money


def _yuan(value: Any) -> str:
    try:
        return money(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def _level(value: Any) -> str:
    return level_name(value) if isinstance(value, int) else str(value)


def _scenes(scenes: Iterable[Mapping[str, Any]]) -> str:
    return "、".join(
        f"「{s['name']}」" + (_("（约束性）") if s.get("constraint") else "") for s in scenes
    )


def _baseline(p: Mapping[str, Any]) -> str:
    return _("改造前现场评测（T0）总分 {total}，等级：{level}。").format(
        total=p["total"], level=_level(p["level"])
    )


def _target_rule(p: Mapping[str, Any]) -> str:
    return _(
        "{target}要求总分 ≥ {score}、≥ {n} 个场景达到{target}（现有 {have} 个），"
        "其中约束性场景 ≥ {k} 个（现有 {have_c} 个）。"
    ).format(
        target=_level(p["target"]),
        score=p["score"],
        n=p["n"],
        have=p["have"],
        k=p["k"],
        have_c=p["have_c"],
    )


def _already(p: Mapping[str, Any]) -> str:
    return _("现有场景已满足{target}的场景条件，无需为场景选购产品。").format(
        target=_level(p["target"])
    )


def _need(p: Mapping[str, Any]) -> str:
    return _("还需 {n} 个场景达到{target}，其中约束性场景 {k} 个。").format(
        n=p["n"], target=_level(p["target"]), k=p["k"]
    )


def _chosen(p: Mapping[str, Any]) -> str:
    return _("推荐「{name}」（{provider}，{price} 元）：把{scenes}提升到{target}。").format(
        name=p["name"],
        provider=p["provider"],
        price=_yuan(p["price"]),
        scenes=_scenes(p["scenes"]) or _("（与其他推荐产品重叠的场景）"),
        target=_level(p["target"]),
    )


def _total(p: Mapping[str, Any]) -> str:
    return _("合计 {price} 元，是 {n} 个可用在册产品中满足场景条件的最便宜组合。").format(
        price=_yuan(p["price"]), n=p["n"]
    )


def _left_out(p: Mapping[str, Any]) -> str:
    if p["why"] == "infeasible":
        why = _("选用它后在预算内无法满足场景条件")
    elif p["why"] == "same":
        why = _("包含它的组合同样是 {cost} 元，列为备选").format(cost=_yuan(p["cost"]))
    else:
        why = _("包含它的最便宜组合需 {cost} 元，比推荐方案多 {extra} 元").format(
            cost=_yuan(p["cost"]), extra=_yuan(p["extra"])
        )
    return _("「{name}」（{price} 元）更便宜，但只能把{scenes}提升到{target}；{why}。").format(
        name=p["name"],
        price=_yuan(p["price"]),
        scenes=_scenes(p["scenes"]),
        target=_level(p["target"]),
        why=why,
    )


def _useless(p: Mapping[str, Any]) -> str:
    return _("另有 {n} 个在册产品只涉及已达标的场景，或达不到{target}，对本目标没有帮助。").format(
        n=p["n"], target=_level(p["target"])
    )


def _over_budget(p: Mapping[str, Any]) -> str:
    return _(
        "预算不足：满足{target}场景条件的最便宜组合需 {cost} 元，超出预算 {budget} 元 {diff} 元。"
    ).format(
        target=_level(p["target"]),
        cost=_yuan(p["cost"]),
        budget=_yuan(p["budget"]),
        diff=_yuan(p["diff"]),
    )


def _uncoverable(p: Mapping[str, Any]) -> str:
    return _("以下场景没有能达到{target}的在册产品：{scenes}。").format(
        target=_level(p["target"]), scenes=_scenes(p["scenes"])
    )


def _max_scenes(p: Mapping[str, Any]) -> str:
    return _(
        "在册产品最多能使 {max} 个场景达到{target}（需 {need} 个），"
        "其中约束性场景 {max_c} 个（需 {need_c} 个），无法达到{target}。"
    ).format(
        max=p["max"],
        target=_level(p["target"]),
        need=p["need"],
        max_c=p["max_c"],
        need_c=p["need_c"],
    )


def _score_short(p: Mapping[str, Any]) -> str:
    return _(
        "场景条件满足后总分仍为 {total}，低于{target}要求的 {score} 分；产品之外还需："
    ).format(total=p["total"], target=_level(p["target"]), score=p["score"])


MESSAGES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "baseline": _baseline,
    "target_rule": _target_rule,
    "already": _already,
    "need": _need,
    "chosen": _chosen,
    "total": _total,
    "left_out": _left_out,
    "useless": _useless,
    "over_budget": _over_budget,
    "uncoverable": _uncoverable,
    "max_scenes": _max_scenes,
    "score_short": _score_short,
}


def message(item: Any) -> str:
    """One stored sentence (``{"code", "params"}``) in words; a legacy one as it was stored."""
    if isinstance(item, str):  # a row the migration has not seen
        return item
    if not isinstance(item, Mapping):
        return ""
    try:
        return MESSAGES[item["code"]](item["params"])
    except (KeyError, TypeError, ValueError):
        return str(item.get("legacy_message", ""))


def advice_message(gap: Any, edition: Any) -> str:
    """One piece of non-product advice: an assessment gap item, or a legacy sentence."""
    if isinstance(gap, str):
        return gap
    if not isinstance(gap, Mapping):
        return ""
    iset = assessment_render.indicator_set_for({"edition": edition}) if edition else None
    return assessment_render.gap_message(gap, iset)


def _summary(summary: Any) -> Any:
    if not isinstance(summary, Mapping):
        return summary
    return {**summary, "level_name": _level(summary.get("level", ""))}


def render_recommendation(data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A stored recommendation with its words: ``target_level_name``, each summary's
    ``level_name``, and the sentences of ``explanation``, ``reasons`` and ``advice`` (the
    figures of the advice stay under ``advice_items``). None or {} (no recommendation): None."""
    if not data:
        return None
    rendered = dict(data)
    edition = data.get("edition")
    rendered["target_level_name"] = _level(data.get("target_level", ""))
    rendered["baseline"] = _summary(data.get("baseline"))
    expected = data.get("expected")
    if isinstance(expected, Mapping):
        rendered["expected"] = {
            **_summary(expected),
            "advice": [advice_message(g, edition) for g in expected.get("advice", [])],
            "with_advice": _summary(expected.get("with_advice")),
        }
    rendered["explanation"] = [message(line) for line in data.get("explanation", [])]
    rendered["reasons"] = [message(line) for line in data.get("reasons", [])]
    rendered["advice_items"] = list(data.get("advice", []))
    rendered["advice"] = [advice_message(g, edition) for g in data.get("advice", [])]
    return rendered
