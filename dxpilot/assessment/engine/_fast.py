"""The scoring fast path: a well-formed sheet checked and totalled in a few C-level calls.

Scoring must cost at most about twice a ``json.loads`` of the sheet, so a loop over 15 answers and
16 scenes in Python is too slow. Everything here is precomputed per edition (``FastPlan``) and each
step handles all answers of one kind at once with ``map``/``sum``/``sorted``/itemgetters. The fast
path never reports a problem: at the first oddity it returns None and ``_full_check`` takes over,
which finds every problem (or accepts a valid variant, such as a bare key for a multi-choice
question or keys in an unusual order).

Multi-choice answers:

- a question with at most ``TABLE_MAX_OPTIONS`` real options has a table of every valid answer, as
  a tuple of keys in option order, to its units; one ``map(dict.get, tables, map(tuple, ...))``
  checks unknown, repeated, 无-with-others and empty answers at once (all miss the table);
- larger questions (B2.1 has 14 options), and all of them when an answer misses its table (keys
  in another order, say), are summed over option codes ``units << shift | 1 << position``. The
  high part of the sum is the units; the low part has as many set bits as keys summed exactly
  when no key was repeated (adding powers of two loses a set bit at every carry, and a carry
  happens exactly when a bit occurs twice).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from itertools import combinations
from typing import Any, cast

from .types import LOADED, FastPlan, Getter, IndicatorSet, Question, QuestionLookup, Scene

TOP_FIELDS = frozenset(("edition", "industry", "answers", "scenes"))
TABLE_MAX_OPTIONS = 10
_INT_ONLY = frozenset((int,))
_LIST_ONLY = frozenset((list,))


def getter(keys: Sequence[object]) -> Getter:
    """Like ``operator.itemgetter(*keys)`` but always returning a tuple."""
    if not keys:
        return lambda container: ()
    if len(keys) == 1:
        key = keys[0]
        return lambda container: (container[key],)
    return cast(Getter, operator.itemgetter(*keys))


def build_plan(
    score_order: Sequence[Question],
    lookup: Mapping[str, QuestionLookup],
    scale: int,
    scenes: Sequence[Scene],
    constraint: frozenset[str],
) -> FastPlan:
    singles = [q for q in score_order if not q.is_multi]
    multis = [q for q in score_order if q.is_multi]
    tabled = [q for q in multis if len(q.options) - (q.none_key is not None) <= TABLE_MAX_OPTIONS]
    untabled = [q for q in multis if q not in tabled]
    multis = tabled + untabled
    shift = max((len(q.options) for q in multis), default=0) + 1
    codes: list[Callable[[str], int]] = []
    none_bits: list[int] = []
    for question in multis:
        question_codes: dict[str, int] = {}
        none_bit = 0
        for bit, option in enumerate(question.options):
            question_codes[option.key] = lookup[question.code].units[option.key] << shift | 1 << bit
            if option.key == question.none_key:
                none_bit = 1 << bit
        codes.append(question_codes.__getitem__)
        none_bits.append(none_bit)
    names = [s.name for s in scenes]
    return FastPlan(
        question_count=len(score_order),
        single_values=getter([q.code for q in singles]),
        single_units=tuple(dict(lookup[q.code].units) for q in singles),
        multi_values=getter([q.code for q in multis]),
        tables=tuple(_table(q, lookup[q.code].units) for q in tabled),
        codes=tuple(codes[len(tabled) :]),
        none_bits=tuple(none_bits[len(tabled) :]),
        all_codes=tuple(codes),
        all_none_bits=tuple(none_bits),
        shift=shift,
        scene_count=len(names),
        scene_levels=getter(names),
        max_scene_level=len(scenes[0].levels) if scenes else 0,
        constraint_levels=getter([i for i, name in enumerate(names) if name in constraint]),
        pairs=len(score_order) + len(names),
    )


def _table(question: Question, units: Mapping[str, int]) -> dict[tuple[str, ...], int]:
    """Every valid answer of a small multi-choice question (keys in option order) -> units."""
    keys = [o.key for o in question.options if o.key != question.none_key]
    table = {
        subset: sum(units[k] for k in subset)
        for size in range(1, len(keys) + 1)
        for subset in combinations(keys, size)
    }
    if question.none_key is not None:
        table[(question.none_key,)] = 0
    return table


@functools.lru_cache(maxsize=256)
def _constraint_getter(indicator_set: IndicatorSet, constraint_scenes: frozenset[str]) -> Getter:
    names = indicator_set.scene_names
    return getter([i for i, name in enumerate(names) if name in constraint_scenes])


# (indicator set, industry, answers, scenes, total units, sorted levels, sorted constraint levels,
#  constraint set): the fields of sheet.CheckedSheet.
FastResult = tuple[
    IndicatorSet,
    str | None,
    dict[str, object],
    dict[str, int],
    int,
    list[int],
    list[int],
    frozenset[str],
]


_REQUIRED = operator.itemgetter("edition", "answers", "scenes")
# dict.get typed as if it always found the key: a None it returns makes sum() raise TypeError,
# which is how an unknown key leaves the fast path.
_GET = cast("Callable[[dict[Any, int], Any], int]", dict.get)


def fast_check(data: Any, constraint_scenes: frozenset[str] | None) -> FastResult | None:
    if type(data) is not dict:
        return None
    try:
        edition, answers, scenes = _REQUIRED(data)
        iset = LOADED[edition]  # so edition is a str; a list would raise TypeError
    except (KeyError, TypeError):  # not loaded yet (the full check loads it) or not installed
        return None
    # The three required fields are there: a fourth may only be industry.
    if len(data) != 3 and (len(data) != 4 or "industry" not in data):
        return None
    industry = data.get("industry")
    if type(answers) is not dict or type(scenes) is not dict:
        return None
    if industry is not None and type(industry) is not str:
        return None
    # One unpacking instead of a NamedTuple attribute lookup per use (each is a descriptor call).
    (
        question_count,
        single_values,
        single_units,
        multi_values,
        tables,
        codes,
        none_bits,
        all_codes,
        all_none_bits,
        shift,
        scene_count,
        scene_levels,
        max_scene_level,
        default_constraint_levels,
        _pairs,
    ) = iset.fast
    if len(answers) != question_count or len(scenes) != scene_count:
        return None  # with the lookups below: no unknown question or scene either
    try:
        # dict.get gives None for an unknown key, and None + int raises TypeError, as does a list.
        total = sum(map(_GET, single_units, single_values(answers)))
        multi = multi_values(answers)
        levels = scene_levels(scenes)
    except (KeyError, TypeError):  # a missing question or scene, an unhashable answer
        return None
    if not _LIST_ONLY.issuperset(map(type, multi)):
        return None  # e.g. a bare key for a multi-choice question: valid, but for the full check
    try:
        total += sum(map(_GET, tables, map(tuple, multi)))  # map stops after the table questions
        coded = multi[len(tables) :]
    except TypeError:  # an answer not in its table: sum all multi-choice answers by code
        coded, codes, none_bits = multi, all_codes, all_none_bits
    mask = (1 << shift) - 1
    for value, code_of, none_bit in zip(coded, codes, none_bits, strict=True):
        try:
            code_sum = sum(map(code_of, value))
        except (KeyError, TypeError):  # an unknown or unhashable key
            return None
        bits = code_sum & mask
        if not value or bits.bit_count() != len(value) or (bits & none_bit and len(value) > 1):
            return None  # empty, a repeated key, or 无 with other options
        total += code_sum >> shift

    # Exact types rather than isinstance(): True is an int in Python but not a level.
    if not _INT_ONLY.issuperset(map(type, levels)):
        return None
    ordered: list[int] = sorted(levels)
    if ordered[0] < 0 or ordered[-1] > max_scene_level:
        return None
    if constraint_scenes is None:
        cset = iset.default_constraint_scenes
        constraint_levels = sorted(default_constraint_levels(levels))
    else:
        cset = constraint_scenes
        constraint_levels = sorted(_constraint_getter(iset, cset)(levels))
    return (iset, industry, answers, scenes, total, ordered, constraint_levels, cset)
