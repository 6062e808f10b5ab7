"""Stored score results keep figures, not words.

Before, ``Assessment.result`` also held sentences in the language active at submit time: the
level name (``level_name``), each rule's ``level_name`` and ``message``, each gap's ``message``.
They are rendered when shown now (``dxpilot/assessment/render.py``), so this drops them wherever
the figures beside them say the same; an item whose figures are incomplete keeps its sentence as
``legacy_message``, shown as it is. Rerunnable: a converted row is left alone.

Backwards, the Chinese words are written again from the figures (a question gap names option keys
instead of option texts, which came from the edition file).
"""

from typing import Any

from django.db import migrations

import dxpilot.assessment.models

CONDITIONS = ("score", "scenes", "constraint_scenes")
BATCH = 500


def _rule_has_figures(rule: dict[str, Any]) -> bool:
    return (
        isinstance(rule.get("level"), int)
        and rule.get("condition") in CONDITIONS
        and "required" in rule
        and "actual" in rule
        and isinstance(rule.get("met"), bool)
    )


def _gap_has_figures(gap: dict[str, Any]) -> bool:
    if gap.get("kind") == "question":
        return all(key in gap for key in ("code", "from", "to", "steps", "points"))
    if gap.get("kind") == "scene":
        return isinstance(gap.get("from"), int) and isinstance(gap.get("to"), int)
    return False


def _figures(item: dict[str, Any], has_figures: Any) -> dict[str, Any]:
    kept = {key: value for key, value in item.items() if key not in ("level_name", "message")}
    if "message" in item and not has_figures(item):
        kept["legacy_message"] = item["message"]
    return kept


def to_figures(result: dict[str, Any]) -> dict[str, Any]:
    converted = dict(result)
    if isinstance(result.get("level"), int):
        converted.pop("level_name", None)
    converted["rules"] = [_figures(r, _rule_has_figures) for r in result.get("rules", [])]
    converted["gaps"] = [_figures(g, _gap_has_figures) for g in result.get("gaps", [])]
    return converted


# Backwards only: the words as the engine wrote them in Chinese when this migration was written.
LEVEL_NAMES = ("未达一级", "一级", "二级", "三级", "四级", "五级", "六级")
RULE_WORDS = {
    "score": "{level}：总分 {actual}，需 ≥ {required}，{met}。",
    "scenes": "{level}：达到{level}及以上的场景 {actual} 个，需 ≥ {required} 个，{met}。",
    "constraint_scenes": (
        "{level}：达到{level}及以上的约束性场景 {actual} 个，需 ≥ {required} 个，{met}。"
    ),
}


def _name(level: int) -> str:
    return LEVEL_NAMES[level] if 0 <= level < len(LEVEL_NAMES) else f"{level}级"


def _gap_words(gap: dict[str, Any]) -> str:
    if gap.get("kind") == "scene":
        kind = "约束性场景" if gap.get("constraint") else "场景"
        return f"把{kind}「{gap['name']}」从{_name(gap['from'])}提升到{_name(gap['to'])}。"
    old, new = gap["from"], gap["to"]
    old = "、".join(old) if isinstance(old, list) else old
    new = "、".join(new) if isinstance(new, list) else new
    return f"把「{gap.get('indicator', gap['code'])}」从“{old}”提升到“{new}”，可加 {gap['points']} 分。"


def _rule_words(rule: dict[str, Any]) -> str:
    words = RULE_WORDS[rule["condition"]]
    met = "已满足" if rule["met"] else "未满足"
    return words.format(
        level=_name(rule["level"]), actual=rule["actual"], required=rule["required"], met=met
    )


def _words(item: dict[str, Any], words: Any) -> dict[str, Any]:
    kept = {key: value for key, value in item.items() if key != "legacy_message"}
    if "message" not in kept:
        legacy = item.get("legacy_message")
        kept["message"] = legacy if legacy is not None else words(item)
    return kept


def to_words(result: dict[str, Any]) -> dict[str, Any]:
    converted = dict(result)
    if isinstance(result.get("level"), int):
        converted.setdefault("level_name", _name(result["level"]))
    rules = [_words(rule, _rule_words) for rule in result.get("rules", [])]
    for rule in rules:
        if isinstance(rule.get("level"), int):
            rule.setdefault("level_name", _name(rule["level"]))
    converted["rules"] = rules
    converted["gaps"] = [_words(gap, _gap_words) for gap in result.get("gaps", [])]
    return converted


def _convert(apps: Any, convert: Any) -> None:
    Assessment = apps.get_model("assessment", "Assessment")
    rows = Assessment.objects.filter(result__isnull=False).only("pk", "result").order_by("pk")
    changed = []
    for row in rows.iterator(chunk_size=BATCH):
        if not isinstance(row.result, dict):
            continue
        result = convert(row.result)
        if result != row.result:
            row.result = result
            changed.append(row)
        if len(changed) >= BATCH:
            Assessment.objects.bulk_update(changed, ["result"])
            changed = []
    Assessment.objects.bulk_update(changed, ["result"])


def forwards(apps: Any, schema_editor: Any) -> None:
    _convert(apps, to_figures)


def backwards(apps: Any, schema_editor: Any) -> None:
    _convert(apps, to_words)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_add_assessments"),
    ]

    operations = [
        migrations.AlterField(
            model_name="assessment",
            name="result",
            field=dxpilot.assessment.models.ResultField(
                blank=True, null=True, verbose_name="评测结果"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
