"""The complete sheet validation: collect every problem, then raise one SheetError.

Used when ``sheet.fast_check`` gives up (an error, or an accepted variant such as a bare key for a
multi-choice question). Problems are reported in sheet order: the sheet itself, edition, industry,
each answer as given, missing answers in edition order, each scene as given, missing scenes.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import _messages as msg
from ._fast import TOP_FIELDS
from .indicator_set import UnknownEditionError, installed_editions, load_indicator_set
from .sheet_types import CheckedSheet, DuplicateKeysDict, SheetError, SheetIssue
from .types import IndicatorSet


def full_check(data: object, constraint_scenes: frozenset[str] | None) -> CheckedSheet:
    errors: list[SheetIssue] = []
    if not isinstance(data, Mapping):
        raise SheetError([SheetIssue("", "invalid_type", msg.sheet_not_object(data))])
    errors.extend(_duplicates("", data))
    errors.extend(
        SheetIssue(str(key), "unknown_field", msg.unknown_field(key))
        for key in data
        if key not in TOP_FIELDS
    )

    indicator_set: IndicatorSet | None = None
    edition = data.get("edition")
    if edition is None:
        errors.append(SheetIssue("edition", "missing_field", msg.missing_field("edition")))
    elif not isinstance(edition, str):
        errors.append(SheetIssue("edition", "invalid_type", msg.edition_type(edition)))
    else:
        try:
            indicator_set = load_indicator_set(edition)
        except UnknownEditionError:
            issue = msg.unknown_edition(edition, installed_editions())
            errors.append(SheetIssue("edition", "unknown_edition", issue))
    industry = data.get("industry")
    if industry is not None and not isinstance(industry, str):
        errors.append(SheetIssue("industry", "invalid_type", msg.industry_type(industry)))
        industry = None

    answers = data.get("answers")
    if answers is None:
        errors.append(SheetIssue("answers", "missing_field", msg.missing_field("answers")))
    elif not isinstance(answers, Mapping):
        errors.append(SheetIssue("answers", "invalid_type", msg.answers_type(answers)))
        answers = None
    else:
        errors.extend(_duplicates("answers", answers))
    scenes = data.get("scenes")
    if scenes is None:
        errors.append(SheetIssue("scenes", "missing_field", msg.missing_field("scenes")))
    elif not isinstance(scenes, Mapping):
        errors.append(SheetIssue("scenes", "invalid_type", msg.scenes_type(scenes)))
        scenes = None
    else:
        errors.extend(_duplicates("scenes", scenes))
    if indicator_set is None or answers is None or scenes is None:
        raise SheetError(errors)

    units = _check_answers(indicator_set, answers, errors)
    _check_scenes(indicator_set, scenes, errors)
    if errors:
        raise SheetError(errors)
    cset = (
        indicator_set.default_constraint_scenes if constraint_scenes is None else constraint_scenes
    )
    levels: list[int] = sorted(scenes.values())
    constraint_levels = sorted(scenes[name] for name in indicator_set.scene_names if name in cset)
    return CheckedSheet(
        indicator_set, industry, answers, scenes, sum(units), levels, constraint_levels, cset
    )


def _check_answers(
    indicator_set: IndicatorSet, answers: Mapping[str, object], errors: list[SheetIssue]
) -> list[int]:
    units = [0] * len(indicator_set.score_order)
    for code, value in answers.items():
        info = indicator_set.lookup.get(code)
        if info is None:
            issue = msg.unknown_question(code, indicator_set.edition)
            errors.append(SheetIssue(f"answers.{code}", "unknown_question", issue))
            continue
        if isinstance(value, str):
            value = [value]  # a bare key: fine for both question types if the key exists
        if not isinstance(value, list):
            issue = msg.answer_type(code, info.multi, value)
            errors.append(SheetIssue(f"answers.{code}", "invalid_type", issue))
            continue
        keys = _check_keys(indicator_set, code, value, errors)
        if keys is not None:
            units[info.position] = sum(info.units[key] for key in keys)
    for question in indicator_set.questions:
        if question.code not in answers:
            issue = msg.missing_answer(question.code, question.indicator)
            errors.append(SheetIssue(f"answers.{question.code}", "missing_answer", issue))
    return units


def _check_keys(
    indicator_set: IndicatorSet, code: str, value: list[object], errors: list[SheetIssue]
) -> list[str] | None:
    """Check a list answer; return its keys if they are all fine, else record every problem."""
    question = indicator_set.question_by_code[code]
    option_units = indicator_set.lookup[code].units
    field = f"answers.{code}"
    before = len(errors)
    if not value:
        errors.append(SheetIssue(field, "empty_answer", msg.empty_answer(question)))
        return None
    keys: list[str] = []
    for key in value:
        if not isinstance(key, str):
            errors.append(SheetIssue(field, "invalid_type", msg.option_type(code, key)))
        elif key not in option_units:
            issue = msg.unknown_option(code, key, question)
            errors.append(SheetIssue(field, "unknown_option", issue))
        elif key in keys:
            errors.append(SheetIssue(field, "duplicate_option", msg.duplicate_option(code, key)))
        else:
            keys.append(key)
    if not question.is_multi and len(keys) > 1:
        errors.append(SheetIssue(field, "too_many_options", msg.too_many_options(code, keys)))
    none_key = question.none_key
    if question.is_multi and none_key is not None and none_key in keys and len(keys) > 1:
        errors.append(SheetIssue(field, "exclusive_option", msg.exclusive_option(code, none_key)))
    return keys if len(errors) == before else None


def _check_scenes(
    indicator_set: IndicatorSet, scenes: Mapping[str, object], errors: list[SheetIssue]
) -> None:
    max_level = indicator_set.max_scene_level
    for name, level in scenes.items():
        if name not in indicator_set.scene_by_name:
            issue = msg.unknown_scene(name, indicator_set.scene_names)
            errors.append(SheetIssue(f"scenes.{name}", "unknown_scene", issue))
        # type() rather than isinstance(): True is an int in Python but not a level.
        elif type(level) is not int or not 0 <= level <= max_level:
            issue = msg.scene_level(name, level, max_level)
            errors.append(SheetIssue(f"scenes.{name}", "invalid_scene_level", issue))
    errors.extend(
        SheetIssue(f"scenes.{name}", "missing_scene", msg.missing_scene(name))
        for name in indicator_set.scene_names
        if name not in scenes
    )


def _duplicates(field: str, data: Mapping[str, object]) -> list[SheetIssue]:
    if not isinstance(data, DuplicateKeysDict):
        return []
    return [
        SheetIssue(
            f"{field}.{key}" if field else key, "duplicate_key", msg.duplicate_key(field, key)
        )
        for key in data.duplicates
    ]
