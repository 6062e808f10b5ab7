"""Chinese messages for answer-sheet errors, one function per error.

Each msgid is a full sentence with named placeholders, translated first and filled afterwards.
Wrong values are shown as JSON (the sheet's own notation), so ``true`` reads as ``true``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .i18n import _, gettext_noop
from .types import Question

LIST_SEPARATOR = "、"

_KINDS = {
    "dict": gettext_noop("对象"),
    "list": gettext_noop("数组"),
    "str": gettext_noop("字符串"),
    "int": gettext_noop("整数"),
    "float": gettext_noop("小数"),
    "bool": gettext_noop("布尔值"),
    "NoneType": gettext_noop("空值 null"),
}


def show(value: object) -> str:
    """A value as JSON text, cut short if long."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def kind(value: object) -> str:
    for cls in type(value).__mro__:
        if cls.__name__ in _KINDS:
            return _(_KINDS[cls.__name__])
    return type(value).__name__


def join(items: Sequence[str]) -> str:
    return LIST_SEPARATOR.join(items)


def sheet_not_object(value: object) -> str:
    return _("答题表应为 JSON 对象，实际是{kind}。").format(kind=kind(value))


def invalid_json(exc: json.JSONDecodeError) -> str:
    return _("答题表不是有效的 JSON：第 {line} 行第 {column} 列附近有错误。").format(
        line=exc.lineno, column=exc.colno
    )


def invalid_encoding() -> str:
    return _("答题表不是有效的 UTF-8 文本。")


def duplicate_key(field: str, key: str) -> str:
    if not field:
        return _('答题表中的字段 "{key}" 出现了多次。').format(key=key)
    return _('字段 "{field}" 中的 "{key}" 出现了多次。').format(field=field, key=key)


def unknown_field(name: object) -> str:
    return _('答题表中有未知字段 "{name}"。可用字段：edition、industry、answers、scenes。').format(
        name=name
    )


def missing_field(name: str) -> str:
    return _('答题表缺少字段 "{name}"。').format(name=name)


def edition_type(value: object) -> str:
    return _('字段 "edition" 应为字符串（如 "2024"），实际是{kind} {value}。').format(
        kind=kind(value), value=show(value)
    )


def industry_type(value: object) -> str:
    return _('字段 "industry" 应为字符串（行业代码或细分行业），实际是{kind} {value}。').format(
        kind=kind(value), value=show(value)
    )


def answers_type(value: object) -> str:
    return _('字段 "answers" 应为对象（题目编号 → 所选选项），实际是{kind}。').format(
        kind=kind(value)
    )


def scenes_type(value: object) -> str:
    return _('字段 "scenes" 应为对象（场景名称 → 等级），实际是{kind}。').format(kind=kind(value))


def unknown_edition(edition: str, installed: Sequence[str]) -> str:
    return _('指标体系版本 "{edition}" 未安装。已安装：{installed}。').format(
        edition=edition, installed=join(installed) or _("无")
    )


def unknown_question(code: object, edition: str) -> str:
    return _('{edition} 版指标体系中没有题目 "{code}"。').format(code=code, edition=edition)


def answer_type(code: str, multi: bool, value: object) -> str:
    if multi:
        template = _('题目 {code} 是多选题，答案应为选项字母列表（如 ["B", "C"]），实际是{kind}。')
    else:
        template = _('题目 {code} 是单选题，答案应为一个选项字母（如 "B"），实际是{kind}。')
    return template.format(code=code, kind=kind(value))


def option_type(code: str, value: object) -> str:
    return _("题目 {code} 的选项应为字母字符串，实际是{kind} {value}。").format(
        code=code, kind=kind(value), value=show(value)
    )


def unknown_option(code: str, key: str, question: Question) -> str:
    return _('题目 {code} 没有选项 "{key}"。可选：{keys}。').format(
        code=code, key=key, keys=join(question.option_keys)
    )


def duplicate_option(code: str, key: str) -> str:
    return _('题目 {code} 的选项 "{key}" 重复出现。').format(code=code, key=key)


def too_many_options(code: str, keys: Sequence[str]) -> str:
    return _("题目 {code} 是单选题，只能选一个选项，实际选了 {count} 个：{keys}。").format(
        code=code, count=len(keys), keys=join(keys)
    )


def exclusive_option(code: str, none_key: str) -> str:
    return _('题目 {code} 的选项 "{key}"（无）不能与其他选项同时选择。').format(
        code=code, key=none_key
    )


def empty_answer(question: Question) -> str:
    if question.is_multi and question.none_key is not None:
        return _('题目 {code} 没有选择任何选项；都不符合时请选 "{key}"（无）。').format(
            code=question.code, key=question.none_key
        )
    return _("题目 {code} 没有选择任何选项。").format(code=question.code)


def missing_answer(code: str, indicator: str) -> str:
    return _("缺少题目 {code}（{indicator}）的答案。").format(code=code, indicator=indicator)


def unknown_scene(name: object, names: Sequence[str]) -> str:
    return _('没有场景 "{name}"。可选：{names}。').format(name=name, names=join(names))


def scene_level(name: str, value: object, max_level: int) -> str:
    return _("场景「{name}」的等级应为 0 到 {max} 的整数，实际是{kind} {value}。").format(
        name=name, max=max_level, kind=kind(value), value=show(value)
    )


def missing_scene(name: str) -> str:
    return _("缺少场景「{name}」的等级；未达到一级请填 0。").format(name=name)
