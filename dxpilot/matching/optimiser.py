"""The cheapest set of products that makes a level's scene conditions hold: a 0-1 programme
solved with SciPy's ``milp`` (HiGHS). Pure: no Django, no database; prices in integer cents.

Model (one binary ``x_p`` per product, one binary ``y_j`` per scene now below the target):

    minimise   Σ price_p · x_p
    subject to y_j ≤ Σ_{p lifts j to ≥ target} x_p        for each scene j below the target
               Σ_j y_j            ≥ scenes still needed     (the level rule's min_scenes)
               Σ_{j 约束性} y_j   ≥ constraint scenes still needed
               Σ price_p · x_p    ≤ budget                 (only when a budget is given)

``y_j`` is binary, so a scene lifted by two chosen products counts once: one product per scene
suffices and nothing is double counted. Products that lift no scene below the target up to the
target cannot help and are left out; of products with the same set of such scenes only the
cheapest is kept (an exact reduction: a dearer twin is never in a cheapest set).

Alternatives are found by no-good cuts: after a set S is found, ``Σ_{p∈S} x_p ≤ |S| − 1`` forbids
S and every superset of it, and the model is solved again.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

Status = Literal["already", "ok", "over_budget", "infeasible"]

# HiGHS's default relative gap (1e-4) could return a set 0.01% dearer than the cheapest.
SOLVER_OPTIONS = {"mip_rel_gap": 0.0, "time_limit": 20.0, "disp": False}


@dataclass(frozen=True)
class Option:
    """A product as the optimiser sees it: an id, a price in cents, the level it lifts each scene to."""

    key: int
    price: int
    lifts: Mapping[str, int]


@dataclass(frozen=True)
class Goal:
    target: int
    levels: Mapping[str, int]  # the current level of every scene
    constraint_scenes: frozenset[str]
    min_scenes: int
    min_constraint_scenes: int
    budget: int | None = None  # cents

    @property
    def below(self) -> list[str]:
        return [name for name, level in self.levels.items() if level < self.target]

    @property
    def need_scenes(self) -> int:
        at = sum(1 for level in self.levels.values() if level >= self.target)
        return max(self.min_scenes - at, 0)

    @property
    def need_constraint(self) -> int:
        at = sum(
            1
            for name, level in self.levels.items()
            if level >= self.target and name in self.constraint_scenes
        )
        return max(self.min_constraint_scenes - at, 0)


@dataclass(frozen=True)
class Selection:
    keys: tuple[int, ...]
    price: int
    # For each chosen product, the scenes below the target it brings to the target (counted once:
    # a scene two chosen products reach is credited to the cheaper one).
    counts_for: Mapping[int, tuple[str, ...]]


@dataclass
class Outcome:
    status: Status
    need_scenes: int
    need_constraint: int
    best: Selection | None = None
    # When the budget is too small: the cheapest set without the budget.
    without_budget: Selection | None = None
    alternatives: list[Selection] = field(default_factory=list)
    # Cheaper products left out: the cheapest set that includes each of them (None: none exists).
    forced: list[tuple[int, Selection | None]] = field(default_factory=list)
    # Scenes below the target that no product reaches the target in.
    uncoverable: list[str] = field(default_factory=list)
    max_scenes: int = 0  # scenes the catalogue can bring to the target
    max_constraint: int = 0
    candidates: int = 0  # products that can help (before the twin reduction)
    variables: int = 0
    solves: int = 0
    seconds: float = 0.0


class _Model:
    """The 0-1 programme for one goal and its useful options, solved repeatedly with extra rows."""

    def __init__(self, goal: Goal, options: Sequence[Option]) -> None:
        self.goal = goal
        self.options = list(options)
        self.scenes = [
            s for s in goal.below if any(o.lifts.get(s, 0) >= goal.target for o in options)
        ]
        index = {name: i for i, name in enumerate(self.scenes)}
        n, m = len(self.options), len(self.scenes)
        self.n, self.m = n, m
        self.cost = np.concatenate(
            [np.array([o.price for o in self.options], dtype=float), np.zeros(m)]
        )
        rows, cols, vals = [], [], []
        # y_j - Σ x_p ≤ 0 for each scene j
        for p, option in enumerate(self.options):
            for scene, level in option.lifts.items():
                j = index.get(scene)
                if j is not None and level >= goal.target:
                    rows.append(j)
                    cols.append(p)
                    vals.append(-1.0)
        for j in range(m):
            rows.append(j)
            cols.append(n + j)
            vals.append(1.0)
        cover = csr_array((vals, (rows, cols)), shape=(m, n + m))
        counts = np.zeros((2, n + m))
        counts[0, n:] = 1.0
        counts[1, n:] = [1.0 if s in goal.constraint_scenes else 0.0 for s in self.scenes]
        self.constraints: list[LinearConstraint] = [
            LinearConstraint(cover, -np.inf, 0.0),
            LinearConstraint(counts, [goal.need_scenes, goal.need_constraint], np.inf),
        ]
        self.solves = 0

    def solve(
        self, *, budget: int | None, cuts: Iterable[Sequence[int]] = (), force: int | None = None
    ) -> Selection | None:
        constraints = list(self.constraints)
        size = self.n + self.m
        if budget is not None:
            constraints.append(LinearConstraint(self.cost.reshape(1, -1), -np.inf, float(budget)))
        for cut in cuts:
            row = np.zeros((1, size))
            row[0, list(cut)] = 1.0
            constraints.append(LinearConstraint(row, -np.inf, len(cut) - 1))
        lower = np.zeros(size)
        if force is not None:
            lower[force] = 1.0
        self.solves += 1
        result = milp(
            self.cost,
            integrality=np.ones(size),
            bounds=Bounds(lower, np.ones(size)),
            constraints=constraints,
            options=SOLVER_OPTIONS,
        )
        if result.x is None or result.status not in (0,):
            return None
        chosen = [p for p in range(self.n) if result.x[p] > 0.5]
        if force is None:
            chosen = self._drop_redundant(chosen)
        return self.selection(chosen)

    def _drop_redundant(self, chosen: list[int]) -> list[int]:
        # Only free products can be redundant in a cheapest set; drop them if the rest suffice.
        for p in sorted(chosen, key=lambda q: (-self.options[q].price, -q)):
            rest = [q for q in chosen if q != p]
            if self.options[p].price == 0 and self._holds(rest):
                chosen = rest
        return chosen

    def _holds(self, chosen: Sequence[int]) -> bool:
        reached = {
            s for p in chosen for s, lv in self.options[p].lifts.items() if lv >= self.goal.target
        }
        reached &= set(self.scenes)
        constraint = reached & self.goal.constraint_scenes
        return (
            len(reached) >= self.goal.need_scenes and len(constraint) >= self.goal.need_constraint
        )

    def selection(self, chosen: Sequence[int]) -> Selection:
        credited: set[str] = set()
        counts_for: dict[int, tuple[str, ...]] = {}
        below = set(self.scenes)
        for p in sorted(chosen, key=lambda q: (self.options[q].price, self.options[q].key)):
            option = self.options[p]
            scenes = tuple(
                s
                for s in self.goal.levels
                if s in below and s not in credited and option.lifts.get(s, 0) >= self.goal.target
            )
            credited.update(scenes)
            counts_for[option.key] = scenes
        keys = tuple(sorted(self.options[p].key for p in chosen))
        return Selection(keys, sum(self.options[p].price for p in chosen), counts_for)


def useful_options(goal: Goal, options: Iterable[Option]) -> tuple[list[Option], int]:
    """The options that bring at least one scene below the target up to it, cheapest per set of
    such scenes; and how many could help before that reduction."""
    below = set(goal.below)
    best: dict[frozenset[str], Option] = {}
    helpful = 0
    for option in options:
        covers = frozenset(s for s, lv in option.lifts.items() if s in below and lv >= goal.target)
        if not covers:
            continue
        helpful += 1
        kept = best.get(covers)
        if kept is None or (option.price, option.key) < (kept.price, kept.key):
            best[covers] = option
    return sorted(best.values(), key=lambda o: (o.price, o.key)), helpful


def solve(
    goal: Goal, options: Iterable[Option], *, alternatives: int = 3, explain: int = 5
) -> Outcome:
    """The cheapest set of options reaching the goal's scene conditions, with up to `alternatives`
    next-best sets and, for up to `explain` cheaper options left out, the cheapest set with them."""
    started = time.perf_counter()
    outcome = Outcome("already", goal.need_scenes, goal.need_constraint)
    if goal.need_scenes == 0 and goal.need_constraint == 0:
        outcome.seconds = time.perf_counter() - started
        return outcome
    useful, outcome.candidates = useful_options(goal, options)
    coverable = {s for o in useful for s, lv in o.lifts.items() if lv >= goal.target} & set(
        goal.below
    )
    outcome.uncoverable = [s for s in goal.below if s not in coverable]
    already = len(goal.levels) - len(goal.below)
    already_c = sum(1 for s in goal.constraint_scenes if goal.levels.get(s, 0) >= goal.target)
    outcome.max_scenes = already + len(coverable)
    outcome.max_constraint = already_c + len(coverable & goal.constraint_scenes)
    if (
        len(coverable) < goal.need_scenes
        or len(coverable & goal.constraint_scenes) < goal.need_constraint
    ):
        outcome.status = "infeasible"
        outcome.seconds = time.perf_counter() - started
        return outcome
    model = _Model(goal, useful)
    outcome.variables = model.n + model.m
    best = model.solve(budget=goal.budget)
    if best is None:
        outcome.status = "over_budget"
        outcome.without_budget = model.solve(budget=None)
    else:
        outcome.status = "ok"
        outcome.best = best
        position = {o.key: p for p, o in enumerate(useful)}
        cuts: list[list[int]] = [[position[k] for k in best.keys]]
        for _ in range(alternatives):
            alternative = model.solve(budget=goal.budget, cuts=cuts)
            if alternative is None:
                break
            outcome.alternatives.append(alternative)
            cuts.append([position[k] for k in alternative.keys])
        dearest = max(useful[position[k]].price for k in best.keys)
        cheaper = [o for o in useful if o.key not in best.keys and o.price < dearest][:explain]
        for option in cheaper:
            outcome.forced.append(
                (option.key, model.solve(budget=goal.budget, force=position[option.key]))
            )
    outcome.solves = model.solves
    outcome.seconds = time.perf_counter() - started
    return outcome


def greedy(goal: Goal, options: Iterable[Option]) -> Selection | None:
    """A baseline heuristic (benchmarks, tests): for each scene still needed, constraint scenes
    first, take the cheapest product reaching the target there. Not optimal: it cannot see that
    one dearer product covering two scenes beats two cheap ones."""
    useful, _ = useful_options(goal, options)
    cheapest: dict[str, Option] = {}
    for option in useful:
        for scene, level in option.lifts.items():
            if level >= goal.target and scene in goal.levels and goal.levels[scene] < goal.target:
                kept = cheapest.get(scene)
                if kept is None or (option.price, option.key) < (kept.price, kept.key):
                    cheapest[scene] = option
    chosen: dict[int, Option] = {}
    reached: set[str] = set()

    def take(scene: str) -> None:
        option = cheapest[scene]
        chosen[option.key] = option
        reached.update(s for s, lv in option.lifts.items() if lv >= goal.target and s in cheapest)

    by_price = sorted(cheapest, key=lambda s: (cheapest[s].price, s))
    # First the constraint scenes still needed, then any scenes, cheapest first.
    for scene in (s for s in by_price if s in goal.constraint_scenes):
        if len(reached & goal.constraint_scenes) >= goal.need_constraint:
            break
        if scene not in reached:
            take(scene)
    for scene in by_price:
        if len(reached) >= goal.need_scenes:
            break
        if scene not in reached:
            take(scene)
    need_s, need_c = goal.need_scenes, goal.need_constraint
    if len(reached) < need_s or len(reached & goal.constraint_scenes) < need_c:
        return None
    return Selection(tuple(sorted(chosen)), sum(o.price for o in chosen.values()), {})
