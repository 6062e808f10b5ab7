"""Validation of an edition file: every problem is collected, then raised as one IndicatorSetError.

The checks are about the data being usable and self-consistent: unique codes and names, known keys
only (a typo such as ``max_scroe`` is an error, not a silently ignored field), exact decimal scores,
a single-choice question whose best option reaches its max, a multi-choice question whose options
sum to at most its max, sub-dimension / dimension / total maxima that add up, scenes with levels
1..L, level rules for exactly levels 1..L that can be met, and a default constraint scene set that
matches the scenes' flags.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from ._assemble import assemble
from .levels import check_rules
from .rules import LevelRules, RulesError
from .types import (
    EDITION_RE,
    NONE_OPTION_TEXT,
    Dimension,
    IndicatorSet,
    IndicatorSetError,
    Option,
    Question,
    Scene,
    SceneGroup,
    SubDimension,
)

_TOP_KEYS = {
    "format",
    "edition",
    "title",
    "issued_with",
    "source",
    "max_score",
    "dimensions",
    "scene_dimension",
    "scene_groups",
    "scenes",
    "level_rules",
    "default_constraint_scenes",
    "notes",
}
_DIMENSION_KEYS = {"code", "key", "name", "max_score", "subdimensions"}
_SUBDIMENSION_KEYS = {"code", "name", "max_score", "questions"}
_QUESTION_KEYS = {
    "code",
    "indicator",
    "title",
    "description",
    "help",
    "type",
    "max_score",
    "options",
    "extra_fields",
}
_OPTION_KEYS = {"key", "text", "score"}
_SCENE_KEYS = {"code", "name", "group", "constraint", "levels"}


class _Reader:
    """Typed field access that records a problem (with its path) instead of raising."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def obj(self, value: object, path: str, keys: set[str]) -> Mapping[str, object]:
        if not isinstance(value, Mapping):
            self.fail(path, "must be an object")
            return {}
        unknown = sorted(str(k) for k in value.keys() - keys)
        if unknown:
            self.fail(path, f"unknown keys {unknown}")
        return value

    def text(self, obj: Mapping[str, object], key: str, path: str, *, empty: bool = False) -> str:
        value = obj.get(key)
        if not isinstance(value, str) or (not empty and not value.strip()):
            self.fail(f"{path}.{key}", "must be a non-empty string" if not empty else "a string")
            return ""
        return value

    def decimal(self, obj: Mapping[str, object], key: str, path: str) -> Decimal:
        value = obj.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, str, Decimal)):
            self.fail(f"{path}.{key}", "must be a decimal string or number")
            return Decimal(0)
        try:
            result = Decimal(value)
        except InvalidOperation:
            self.fail(f"{path}.{key}", f"not a decimal number: {value!r}")
            return Decimal(0)
        if not result.is_finite() or result < 0:
            self.fail(f"{path}.{key}", f"must be a finite number >= 0, got {value!r}")
            return Decimal(0)
        return result

    def items(self, obj: Mapping[str, object], key: str, path: str) -> list[object]:
        value = obj.get(key)
        if not isinstance(value, list) or not value:
            self.fail(f"{path}.{key}", "must be a non-empty list")
            return []
        return value

    def unique(self, seen: set[str], value: str, path: str, what: str) -> None:
        if value in seen:
            self.fail(path, f"duplicate {what} {value!r}")
        seen.add(value)


def _question(r: _Reader, raw: object, path: str, codes: set[str]) -> Question:
    q = r.obj(raw, path, _QUESTION_KEYS)
    code = r.text(q, "code", path)
    r.unique(codes, code, f"{path}.code", "question code")
    path = f"{path}[{code}]"
    qtype = q.get("type")
    if qtype not in ("single", "multi"):
        r.fail(f"{path}.type", f"must be 'single' or 'multi', got {qtype!r}")
        qtype = "single"
    max_score = r.decimal(q, "max_score", path)
    options: list[Option] = []
    keys: set[str] = set()
    for i, raw_option in enumerate(r.items(q, "options", path)):
        opath = f"{path}.options[{i}]"
        o = r.obj(raw_option, opath, _OPTION_KEYS)
        key = r.text(o, "key", opath)
        r.unique(keys, key, f"{opath}.key", "option key")
        options.append(Option(key, r.text(o, "text", opath), r.decimal(o, "score", opath)))
    if len(options) < 2:
        r.fail(f"{path}.options", "a question needs at least two options")
    none_key: str | None = None
    scores = [o.score for o in options]
    for option in options:
        if option.score > max_score:
            r.fail(path, f"option {option.key} scores {option.score} > max_score {max_score}")
    if qtype == "single" and options and max(scores) != max_score:
        r.fail(path, f"the best option scores {max(scores)}, not max_score {max_score}")
    if qtype == "multi":
        if sum(scores, Decimal(0)) > max_score:
            r.fail(path, f"the options sum to {sum(scores)} > max_score {max_score}")
        nones = [o for o in options if o.text == NONE_OPTION_TEXT]
        if len(nones) > 1:
            r.fail(path, "more than one option is 无")
        if nones:
            if nones[0].score != 0:
                r.fail(path, f"option {nones[0].key} (无) must score 0")
            none_key = nones[0].key
        if not any(o.score > 0 for o in options):
            r.fail(path, "no option scores anything")

    extra = q.get("extra_fields", [])
    if not isinstance(extra, list) or not all(isinstance(x, str) for x in extra):
        r.fail(f"{path}.extra_fields", "must be a list of strings")
        extra = []
    return Question(
        code=code,
        indicator=r.text(q, "indicator", path),
        title=r.text(q, "title", path),
        description=r.text(q, "description", path, empty=True),
        help=r.text(q, "help", path),
        type="multi" if qtype == "multi" else "single",
        max_score=max_score,
        options=tuple(options),
        extra_fields=tuple(str(x) for x in extra),
        none_key=none_key,
    )


def _dimensions(r: _Reader, data: Mapping[str, object]) -> list[Dimension]:
    dimensions: list[Dimension] = []
    codes: set[str] = set()
    names: set[str] = set()
    qcodes: set[str] = set()
    for i, raw_dim in enumerate(r.items(data, "dimensions", "")):
        dpath = f"dimensions[{i}]"
        d = r.obj(raw_dim, dpath, _DIMENSION_KEYS)
        dcode = r.text(d, "code", dpath)
        r.unique(codes, dcode, f"{dpath}.code", "code")
        dname = r.text(d, "name", dpath)
        r.unique(names, dname, f"{dpath}.name", "name")
        subs: list[SubDimension] = []
        for j, raw_sub in enumerate(r.items(d, "subdimensions", dpath)):
            spath = f"{dpath}.subdimensions[{j}]"
            s = r.obj(raw_sub, spath, _SUBDIMENSION_KEYS)
            scode = r.text(s, "code", spath)
            r.unique(codes, scode, f"{spath}.code", "code")
            sname = r.text(s, "name", spath)
            r.unique(names, sname, f"{spath}.name", "name")
            questions = tuple(
                _question(r, raw_q, f"{spath}.questions[{k}]", qcodes)
                for k, raw_q in enumerate(r.items(s, "questions", spath))
            )
            smax = r.decimal(s, "max_score", spath)
            qsum = sum((q.max_score for q in questions), Decimal(0))
            if qsum != smax:
                r.fail(spath, f"max_score {smax} != sum of its questions' max_score {qsum}")
            subs.append(SubDimension(scode, sname, smax, questions))
        dmax = r.decimal(d, "max_score", dpath)
        ssum = sum((s.max_score for s in subs), Decimal(0))
        if ssum != dmax:
            r.fail(dpath, f"max_score {dmax} != sum of its sub-dimensions' max_score {ssum}")
        dimensions.append(Dimension(dcode, r.text(d, "key", dpath), dname, dmax, tuple(subs)))
    return dimensions


def _scenes(r: _Reader, data: Mapping[str, object]) -> tuple[list[SceneGroup], list[Scene]]:
    groups: dict[str, SceneGroup] = {}
    for i, raw_group in enumerate(r.items(data, "scene_groups", "")):
        g = r.obj(raw_group, f"scene_groups[{i}]", {"code", "name"})
        code = r.text(g, "code", f"scene_groups[{i}]")
        if code in groups:
            r.fail(f"scene_groups[{i}].code", f"duplicate scene group code {code!r}")
        groups[code] = SceneGroup(code, r.text(g, "name", f"scene_groups[{i}]"))
    scenes: list[Scene] = []
    codes: set[str] = set()
    names: set[str] = set()
    for i, raw_scene in enumerate(r.items(data, "scenes", "")):
        path = f"scenes[{i}]"
        s = r.obj(raw_scene, path, _SCENE_KEYS)
        code = r.text(s, "code", path)
        r.unique(codes, code, f"{path}.code", "scene code")
        name = r.text(s, "name", path)
        r.unique(names, name, f"{path}.name", "scene name")
        group_code = s.get("group")
        group = groups.get(group_code) if isinstance(group_code, str) else None
        if group is None:
            r.fail(f"{path}.group", f"unknown scene group {group_code!r}")
            group = SceneGroup(str(group_code), "")
        constraint = s.get("constraint")
        if not isinstance(constraint, bool):
            r.fail(f"{path}.constraint", "must be true or false")
        texts: list[str] = []
        for j, raw_level in enumerate(r.items(s, "levels", path)):
            lpath = f"{path}.levels[{j}]"
            lv = r.obj(raw_level, lpath, {"level", "text"})
            if lv.get("level") != j + 1 or type(lv.get("level")) is not int:
                r.fail(f"{lpath}.level", f"must be {j + 1} (levels are 1..L in order)")
            texts.append(r.text(lv, "text", lpath))
        scenes.append(Scene(code, name, group, tuple(texts), constraint is True))
    if len({len(s.levels) for s in scenes}) > 1:
        r.fail("scenes", "all scenes must have the same number of levels")
    return list(groups.values()), scenes


def build_indicator_set(data: object, *, origin: str) -> IndicatorSet:
    r = _Reader()
    top = r.obj(data, "(file)", _TOP_KEYS)
    if not top:
        raise IndicatorSetError(origin, r.problems or ["the file is empty"])
    if top.get("format") != 1:
        r.fail("format", f"must be 1, got {top.get('format')!r}")
    edition = r.text(top, "edition", "")
    if edition and not EDITION_RE.match(edition):
        r.fail("edition", f"{edition!r} is not a valid edition name")
    source = top.get("source")
    if not isinstance(source, Mapping) or not source:
        r.fail("source", "must be a non-empty object of notes")
        source = {}
    max_score = r.decimal(top, "max_score", "")
    dimensions = _dimensions(r, top)
    dsum = sum((d.max_score for d in dimensions), Decimal(0))
    if dsum != max_score:
        r.fail("max_score", f"{max_score} != sum of the dimensions' max_score {dsum}")
    scene_dim = r.obj(top.get("scene_dimension"), "scene_dimension", {"key", "name"})
    groups, scenes = _scenes(r, top)
    scene_names = [s.name for s in scenes]
    max_scene_level = len(scenes[0].levels) if scenes else 0

    raw_constraint = top.get("default_constraint_scenes")
    constraint: frozenset[str] = frozenset()
    if not isinstance(raw_constraint, list) or not all(isinstance(x, str) for x in raw_constraint):
        r.fail("default_constraint_scenes", "must be a list of scene names")
    else:
        constraint = frozenset(raw_constraint)
        if len(constraint) != len(raw_constraint):
            r.fail("default_constraint_scenes", "lists a scene twice")
        unknown = sorted(constraint - set(scene_names))
        if unknown:
            r.fail("default_constraint_scenes", f"unknown scenes {unknown}")
        flagged = {s.name for s in scenes if s.constraint}
        if flagged != constraint:
            r.fail(
                "default_constraint_scenes",
                f"differs from the scenes flagged constraint: {sorted(flagged ^ constraint)}",
            )

    raw_rules = top.get("level_rules")
    rules = LevelRules(())
    if not isinstance(raw_rules, list) or not all(isinstance(x, Mapping) for x in raw_rules):
        r.fail("level_rules", "must be a list of rule objects")
    else:
        try:
            rules = LevelRules.from_rows(raw_rules)
        except RulesError as exc:
            r.problems.extend(f"level_rules: {p}" for p in exc.problems)
    if rules.rows and rules.max_level != max_scene_level:
        r.fail("level_rules", f"must cover levels 1..{max_scene_level}, the scene levels")
    questions = [q for d in dimensions for s in d.subdimensions for q in s.questions]
    if r.problems:
        raise IndicatorSetError(origin, r.problems)

    indicator_set = assemble(
        edition,
        r.text(top, "title", ""),
        {str(k): str(v) for k, v in source.items()},
        max_score,
        dimensions,
        r.text(scene_dim, "name", "scene_dimension"),
        groups,
        scenes,
        rules,
        constraint,
        questions,
        max_scene_level,
    )
    problems = check_rules(indicator_set, rules, constraint)
    if problems:
        raise IndicatorSetError(origin, [f"level_rules: {p}" for p in problems])
    return indicator_set
