"""The optimiser alone (no database): hand-made catalogues and a brute-force cross-check."""

from __future__ import annotations

import itertools
import random

from dxpilot.matching.optimiser import Goal, Option, greedy, solve

SCENES = [f"场景{i:02d}" for i in range(16)]
CONSTRAINT = frozenset(SCENES[:10])


def goal(levels: dict[str, int] | None = None, budget: int | None = None) -> Goal:
    # Two constraint scenes at level 2; 二级 needs 6 scenes at 2+, 3 of them constraint scenes.
    base = dict.fromkeys(SCENES, 1)
    base.update({SCENES[0]: 2, SCENES[1]: 2})
    base.update(levels or {})
    return Goal(2, base, CONSTRAINT, 6, 3, budget)


def test_cheapest_set_beats_the_greedy_choice() -> None:
    options = [
        Option(1, 30_000_00, {SCENES[2]: 2}),  # constraint
        Option(2, 25_000_00, {SCENES[12]: 2, SCENES[13]: 2}),
        Option(3, 10_000_00, {SCENES[14]: 2}),
        Option(4, 12_000_00, {SCENES[15]: 2}),
        Option(5, 50_000_00, {SCENES[3]: 2, SCENES[4]: 2}),  # two constraint scenes
        Option(6, 1_000_00, {SCENES[11]: 1}),  # below the target: useless
    ]
    outcome = solve(goal(), options)
    assert outcome.status == "ok"
    assert outcome.best is not None
    assert (outcome.best.keys, outcome.best.price) == ((1, 2, 3), 65_000_00)
    assert outcome.best.counts_for == {
        3: (SCENES[14],),
        2: (SCENES[12], SCENES[13]),
        1: (SCENES[2],),
    }
    cheap = greedy(goal(), options)
    assert cheap is not None and cheap.price == 77_000_00
    # Alternatives come in price order and never contain an earlier set.
    prices = [a.price for a in outcome.alternatives]
    assert prices == sorted(prices) and prices[0] >= outcome.best.price
    assert all(not set(outcome.best.keys) <= set(a.keys) for a in outcome.alternatives)
    # The cheaper product left out (4, 12,000) is explained by the cheapest set that includes it.
    forced = dict(outcome.forced)
    assert forced[4] is not None and forced[4].price == 67_000_00
    assert outcome.candidates == 5


def test_a_scene_reached_by_two_products_counts_once() -> None:
    # 1 and 2 both lift scene 2: together they still give one scene, so a third is needed.
    # Counted twice, 1 + 2 (200) would look like four scenes; they give three.
    options = [
        Option(1, 100, {SCENES[2]: 2, SCENES[12]: 2}),
        Option(2, 100, {SCENES[2]: 3, SCENES[13]: 2}),
        Option(3, 500, {SCENES[14]: 2}),
    ]
    outcome = solve(goal(), options)
    assert outcome.best is not None and (outcome.best.keys, outcome.best.price) == ((1, 2, 3), 700)
    credited = [s for scenes in outcome.best.counts_for.values() for s in scenes]
    assert sorted(credited) == sorted([SCENES[2], SCENES[12], SCENES[13], SCENES[14]])


def test_budget_too_small_reports_the_cheapest_set_without_it() -> None:
    options = [Option(1, 40_000_00, {SCENES[2]: 2, SCENES[12]: 2, SCENES[13]: 2, SCENES[14]: 2})]
    outcome = solve(goal(budget=30_000_00), options)
    assert outcome.status == "over_budget" and outcome.best is None
    assert outcome.without_budget is not None and outcome.without_budget.price == 40_000_00


def test_no_feasible_set_names_the_scenes_without_a_product() -> None:
    options = [Option(1, 100, {SCENES[12]: 2}), Option(2, 100, {SCENES[13]: 2})]
    outcome = solve(goal(), options)
    assert outcome.status == "infeasible"
    assert SCENES[2] in outcome.uncoverable and SCENES[12] not in outcome.uncoverable
    assert (outcome.max_scenes, outcome.max_constraint) == (4, 2)


def test_scene_conditions_already_met_need_nothing() -> None:
    outcome = solve(goal({SCENES[2]: 2, SCENES[3]: 3, SCENES[4]: 2, SCENES[5]: 4}), [])
    assert outcome.status == "already" and outcome.best is None


def test_free_products_that_add_nothing_are_left_out() -> None:
    options = [
        Option(1, 0, {SCENES[11]: 1}),
        Option(2, 0, {SCENES[2]: 2}),
        Option(3, 900, {SCENES[12]: 2, SCENES[13]: 2, SCENES[14]: 2}),
    ]
    outcome = solve(goal(), options)
    assert outcome.best is not None and outcome.best.keys == (2, 3)


def _brute_force(g: Goal, options: list[Option]) -> int | None:
    best = None
    for r in range(len(options) + 1):
        for combo in itertools.combinations(options, r):
            levels = dict(g.levels)
            for option in combo:
                for scene, level in option.lifts.items():
                    levels[scene] = max(levels[scene], level)
            at = [s for s, lv in levels.items() if lv >= g.target]
            price = sum(o.price for o in combo)
            if (
                len(at) >= g.min_scenes
                and len(set(at) & g.constraint_scenes) >= g.min_constraint_scenes
                and (g.budget is None or price <= g.budget)
                and (best is None or price < best)
            ):
                best = price
    return best


def test_matches_brute_force_on_random_catalogues() -> None:
    rng = random.Random(117)
    for _ in range(120):
        levels = {s: rng.randint(0, 3) for s in SCENES}
        options = [
            Option(
                k,
                rng.randint(0, 40) * 1000,
                {s: rng.randint(1, 4) for s in rng.sample(SCENES, rng.randint(1, 4))},
            )
            for k in range(rng.randint(2, 10))
        ]
        g = Goal(2, levels, CONSTRAINT, 6, 3, rng.choice([None, 50_000, 120_000]))
        outcome = solve(g, options, alternatives=1, explain=1)
        expected = _brute_force(g, options)
        got = 0 if outcome.status == "already" else (outcome.best.price if outcome.best else None)
        assert got == expected, (levels, options, g.budget, outcome.status)
