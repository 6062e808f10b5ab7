"""Stored recommendations keep figures, not words.

Before, ``Plan.recommendation`` also held sentences in the language active when the plan was
saved: ``target_level_name``, the ``level_name`` of the baseline and expected summaries, and the
sentences of ``explanation``, ``reasons`` and ``advice``. They are rendered when shown now
(``dxpilot/matching/render.py``). Nothing is recomputed: the level names go where the level number
is beside them; each sentence is read back into its message code and figures with the Chinese
wording the recommender wrote when this migration was made; a sentence that does not read back
(and every old piece of advice, whose gap figures were never stored) is kept as
``{"legacy_message": ...}`` and shown as it is. Rerunnable: a converted row is left alone.

Backwards, the Chinese words are written again from the figures (advice stored as gap items
becomes the scene sentence, or a question's option keys).
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import migrations

BATCH = 200

# The recommender's Chinese wording when this migration was written, and what each figure is:
# "level" a level name (stored as its number), "money" an amount with separators (stored as a
# decimal string), "scenes" 「name」（约束性）、… (stored as names and flags), "int", "text".
LEVEL_NAMES = ("未达一级", "一级", "二级", "三级", "四级", "五级", "六级")
OVERLAP = "（与其他推荐产品重叠的场景）"
WHY = {
    "infeasible": ("选用它后在预算内无法满足场景条件", {}),
    "same": ("包含它的组合同样是 {cost} 元，列为备选", {"cost": "money"}),
    "dearer": (
        "包含它的最便宜组合需 {cost} 元，比推荐方案多 {extra} 元",
        {"cost": "money", "extra": "money"},
    ),
}
LEFT_OUT = "「{name}」（{price} 元）更便宜，但只能把{scenes}提升到{target}；{why}。"
LEFT_OUT_KINDS = {"name": "text", "price": "money", "scenes": "scenes", "target": "level"}
WORDS: dict[str, tuple[str, dict[str, str]]] = {
    "baseline": (
        "改造前现场评测（T0）总分 {total}，等级：{level}。",
        {"total": "text", "level": "level"},
    ),
    "target_rule": (
        "{target}要求总分 ≥ {score}、≥ {n} 个场景达到{target}（现有 {have} 个），"
        "其中约束性场景 ≥ {k} 个（现有 {have_c} 个）。",
        {
            "target": "level",
            "score": "text",
            "n": "int",
            "have": "int",
            "k": "int",
            "have_c": "int",
        },
    ),
    "already": (
        "现有场景已满足{target}的场景条件，无需为场景选购产品。",
        {"target": "level"},
    ),
    "need": (
        "还需 {n} 个场景达到{target}，其中约束性场景 {k} 个。",
        {"n": "int", "target": "level", "k": "int"},
    ),
    "chosen": (
        "推荐「{name}」（{provider}，{price} 元）：把{scenes}提升到{target}。",
        {
            "name": "text",
            "provider": "text",
            "price": "money",
            "scenes": "scenes",
            "target": "level",
        },
    ),
    "total": (
        "合计 {price} 元，是 {n} 个可用在册产品中满足场景条件的最便宜组合。",
        {"price": "money", "n": "int"},
    ),
    "useless": (
        "另有 {n} 个在册产品只涉及已达标的场景，或达不到{target}，对本目标没有帮助。",
        {"n": "int", "target": "level"},
    ),
    "over_budget": (
        "预算不足：满足{target}场景条件的最便宜组合需 {cost} 元，超出预算 {budget} 元 {diff} 元。",
        {"target": "level", "cost": "money", "budget": "money", "diff": "money"},
    ),
    "uncoverable": (
        "以下场景没有能达到{target}的在册产品：{scenes}。",
        {"target": "level", "scenes": "scenes"},
    ),
    "max_scenes": (
        "在册产品最多能使 {max} 个场景达到{target}（需 {need} 个），"
        "其中约束性场景 {max_c} 个（需 {need_c} 个），无法达到{target}。",
        {"max": "int", "target": "level", "need": "int", "max_c": "int", "need_c": "int"},
    ),
    "score_short": (
        "场景条件满足后总分仍为 {total}，低于{target}要求的 {score} 分；产品之外还需：",
        {"total": "text", "target": "level", "score": "text"},
    ),
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")
SCENE = re.compile(r"「([^」]+)」(（约束性）)?")


def _pattern(template: str) -> re.Pattern[str]:
    parts, seen, at = [], set(), 0
    for match in PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[at : match.start()]))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        at = match.end()
    parts.append(re.escape(template[at:]))
    return re.compile("".join(parts))


def _variants() -> list[tuple[str, re.Pattern[str], dict[str, str], dict[str, Any]]]:
    """(code, pattern, figure kinds, fixed params) for each sentence the recommender wrote."""
    found = [(code, _pattern(text), kinds, {}) for code, (text, kinds) in WORDS.items()]
    for why, (text, kinds) in WHY.items():
        pattern = _pattern(LEFT_OUT.replace("{why}", text))
        found.append(("left_out", pattern, {**LEFT_OUT_KINDS, **kinds}, {"why": why}))
    return found


VARIANTS = _variants()


def _money(value: str) -> str:
    if not re.fullmatch(r"-?\d{1,3}(,\d{3})*\.\d{2}", value):
        raise ValueError(value)
    return value.replace(",", "")


def _scenes(value: str, code: str) -> list[dict[str, Any]]:
    if code == "chosen" and value == OVERLAP:
        return []
    scenes = [{"name": m.group(1), "constraint": bool(m.group(2))} for m in SCENE.finditer(value)]
    if not scenes or _scene_words(scenes) != value:
        raise ValueError(value)
    return scenes


def _figure(kind: str, value: str, code: str) -> Any:
    if kind == "level":
        return LEVEL_NAMES.index(value)
    if kind == "money":
        return _money(value)
    if kind == "int":
        if not value.isdigit():
            raise ValueError(value)
        return int(value)
    if kind == "scenes":
        return _scenes(value, code)
    return value


def to_message(line: Any) -> Any:
    """An old sentence as its code and figures, or under ``legacy_message``."""
    if not isinstance(line, str):
        return line  # converted already
    for code, pattern, kinds, fixed in VARIANTS:
        match = pattern.fullmatch(line)
        if match is None:
            continue
        try:
            params = {
                name: _figure(kinds[name], value, code) for name, value in match.groupdict().items()
            }
        except ValueError:
            continue
        return {"code": code, "params": {**params, **fixed}}
    return {"legacy_message": line}


def _advice_figures(item: Any) -> Any:
    return {"legacy_message": item} if isinstance(item, str) else item


def _summary_figures(summary: Any) -> Any:
    if isinstance(summary, dict) and isinstance(summary.get("level"), int):
        return {key: value for key, value in summary.items() if key != "level_name"}
    return summary


def to_figures(data: dict[str, Any]) -> dict[str, Any]:
    converted = dict(data)
    if isinstance(data.get("target_level"), int):
        converted.pop("target_level_name", None)
    converted["baseline"] = _summary_figures(data.get("baseline"))
    expected = data.get("expected")
    if isinstance(expected, dict):
        expected = _summary_figures(expected)
        expected["advice"] = [_advice_figures(a) for a in expected.get("advice", [])]
        expected["with_advice"] = _summary_figures(expected.get("with_advice"))
        converted["expected"] = expected
    for key in ("explanation", "reasons"):
        if key in data:
            converted[key] = [to_message(line) for line in data[key]]
    if "advice" in data:
        converted["advice"] = [_advice_figures(a) for a in data["advice"]]
    return converted


# Backwards only.


def _name(level: int) -> str:
    return LEVEL_NAMES[level] if 0 <= level < len(LEVEL_NAMES) else f"{level}级"


def _scene_words(scenes: list[dict[str, Any]]) -> str:
    return "、".join(
        f"「{s['name']}」" + ("（约束性）" if s.get("constraint") else "") for s in scenes
    )


def _words_of(code: str, kinds: dict[str, str], params: dict[str, Any]) -> dict[str, str]:
    words = {}
    for name, kind in kinds.items():
        value = params[name]
        if kind == "level":
            words[name] = _name(value)
        elif kind == "money":
            words[name] = f"{Decimal(value):,.2f}"
        elif kind == "scenes":
            words[name] = _scene_words(value) or (OVERLAP if code == "chosen" else "")
        else:
            words[name] = str(value)
    return words


def to_sentence(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    if "legacy_message" in item:
        return item["legacy_message"]
    try:
        code, params = item["code"], item["params"]
        if code == "left_out":
            why_text, why_kinds = WHY[params["why"]]
            why = why_text.format(**_words_of(code, why_kinds, params))
            return LEFT_OUT.format(**_words_of(code, LEFT_OUT_KINDS, params), why=why)
        text, kinds = WORDS[code]
        return text.format(**_words_of(code, kinds, params))
    except (KeyError, TypeError, ValueError, InvalidOperation):
        return ""


def _advice_words(gap: Any) -> Any:
    if not isinstance(gap, dict):
        return gap
    if "legacy_message" in gap:
        return gap["legacy_message"]
    if gap.get("kind") == "scene":
        kind = "约束性场景" if gap.get("constraint") else "场景"
        return f"把{kind}「{gap['name']}」从{_name(gap['from'])}提升到{_name(gap['to'])}。"
    old, new = gap.get("from"), gap.get("to")
    old = "、".join(old) if isinstance(old, list) else old
    new = "、".join(new) if isinstance(new, list) else new
    return f"把「{gap.get('indicator', gap.get('code'))}」从“{old}”提升到“{new}”，可加 {gap.get('points')} 分。"


def _summary_words(summary: Any) -> Any:
    if isinstance(summary, dict) and isinstance(summary.get("level"), int):
        return {**summary, "level_name": summary.get("level_name", _name(summary["level"]))}
    return summary


def to_words(data: dict[str, Any]) -> dict[str, Any]:
    converted = dict(data)
    if isinstance(data.get("target_level"), int):
        converted.setdefault("target_level_name", _name(data["target_level"]))
    converted["baseline"] = _summary_words(data.get("baseline"))
    expected = data.get("expected")
    if isinstance(expected, dict):
        expected = _summary_words(expected)
        expected["advice"] = [_advice_words(a) for a in expected.get("advice", [])]
        expected["with_advice"] = _summary_words(expected.get("with_advice"))
        converted["expected"] = expected
    for key in ("explanation", "reasons"):
        if key in data:
            converted[key] = [to_sentence(line) for line in data[key]]
    if "advice" in data:
        converted["advice"] = [_advice_words(a) for a in data["advice"]]
    return converted


def _convert(apps: Any, convert: Any) -> None:
    Plan = apps.get_model("projects", "Plan")
    changed = []
    for row in Plan.objects.only("pk", "recommendation").order_by("pk").iterator(chunk_size=BATCH):
        if not isinstance(row.recommendation, dict) or not row.recommendation:
            continue
        data = convert(row.recommendation)
        if data != row.recommendation:
            row.recommendation = data
            changed.append(row)
        if len(changed) >= BATCH:
            Plan.objects.bulk_update(changed, ["recommendation"])
            changed = []
    Plan.objects.bulk_update(changed, ["recommendation"])


def forwards(apps: Any, schema_editor: Any) -> None:
    _convert(apps, to_figures)


def backwards(apps: Any, schema_editor: Any) -> None:
    _convert(apps, to_words)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0004_move_funding_models_out"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
