"""Checking a partly filled answer sheet (drafts may be incomplete, never invalid)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dxpilot.assessment import engine


def check_draft(edition: str, answers: Any, scenes: Any) -> dict[str, list[str]]:
    """Every problem of the given answers, keyed 'answers.B1.2' / 'scenes.产品设计'."""
    iset = engine.load_indicator_set(edition)
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not isinstance(answers, dict):
        fail("answers", _("答题应为“题号: 选项”的映射。"))
        answers = {}
    if not isinstance(scenes, dict):
        fail("scenes", _("场景等级应为“场景名称: 等级”的映射。"))
        scenes = {}
    codes = {q.code: q for q in iset.questions}
    for code, value in answers.items():
        question = codes.get(code)
        field = f"answers.{code}"
        if question is None:
            fail(field, _("没有题目 {code}。").format(code=code))
            continue
        keys = value if isinstance(value, list) else [value]
        if not all(isinstance(k, str) for k in keys):
            fail(field, _("题目 {code} 的选项应为字母。").format(code=code))
            continue
        if not question.is_multi and len(keys) > 1:
            fail(field, _("题目 {code} 是单选题，只能选一个选项。").format(code=code))
        unknown = [k for k in keys if k not in question.option_keys]
        if unknown:
            fail(
                field, _("题目 {code} 没有选项 {keys}。").format(code=code, keys="、".join(unknown))
            )
        if question.is_multi and question.none_key in keys and len(keys) > 1:
            fail(field, _("题目 {code} 选择了“无”就不能再选其他选项。").format(code=code))
    names = set(iset.scene_names)
    for name, level in scenes.items():
        field = f"scenes.{name}"
        if name not in names:
            fail(field, _("没有场景“{name}”。").format(name=name))
        elif type(level) is not int or not 0 <= level <= 4:
            fail(field, _("场景“{name}”的等级应为 0 到 4 的整数。").format(name=name))
    return errors


def sheet_errors_by_field(exc: engine.SheetError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for issue in exc.errors:
        errors.setdefault(issue.field or "answers", []).append(issue.message)
    return errors
