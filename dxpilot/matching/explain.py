"""What the recommendation says: every message and JSON piece built from an optimiser outcome.

The shapes are stored in Plan.recommendation, codes and figures only: a sentence is a message
code with its parameters (levels as numbers, amounts as decimal strings, product and scene names
as data). ``render.py`` puts them in words in the reader's language when they are shown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dxpilot.assessment import engine
from dxpilot.assessment.engine.levels import format_points
from dxpilot.matching import optimiser
from dxpilot.matching.catalogue import CatalogueProduct

CENT = Decimal("0.01")
PER_SCENE_OPTIONS = 3


def yuan(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


@dataclass(frozen=True)
class Context:
    goal: optimiser.Goal
    outcome: optimiser.Outcome
    catalogue: list[CatalogueProduct]
    by_id: Mapping[int, CatalogueProduct]
    result: engine.ScoreResult  # the T0 result
    rule: engine.LevelRule
    budget: Decimal | None

    @property
    def target(self) -> int:
        return self.goal.target

    def scenes(self, names: Iterable[str]) -> list[dict[str, Any]]:
        """Scenes named in a sentence: each name and whether it is 约束性."""
        constraint = self.goal.constraint_scenes
        return [{"name": n, "constraint": n in constraint} for n in names]

    def product(self, product: CatalogueProduct, counted: Iterable[str] = ()) -> dict[str, Any]:
        counted = set(counted)
        levels = self.goal.levels
        return {
            "id": product.id,
            "name": product.name,
            "provider": product.provider_name,
            "provider_id": product.provider_id,
            "kind": product.kind,
            "price": str(product.price),
            "scenes": [
                {
                    "name": name,
                    "from": levels[name],
                    "to": level,
                    "counts": name in counted,
                    "reaches_target": level >= self.target,
                }
                for name, level in product.lifts.items()
                if name in levels
            ],
        }


def message(code: str, **params: Any) -> dict[str, Any]:
    """One sentence of the recommendation, stored as its code and figures; ``render.py`` says it."""
    return {"code": code, "params": params}


def introduction(ctx: Context) -> list[dict[str, Any]]:
    result, rule, target = ctx.result, ctx.rule, ctx.target
    lines = [
        message("baseline", total=format_points(result.total), level=result.level),
        message(
            "target_rule",
            target=target,
            score=format_points(rule.min_score),
            n=rule.min_scenes,
            have=result.scenes_at_level[target],
            k=rule.min_constraint_scenes,
            have_c=result.constraint_scenes_at_level[target],
        ),
    ]
    if ctx.outcome.status == "already":
        lines.append(message("already", target=target))
    else:
        lines.append(
            message("need", n=ctx.outcome.need_scenes, target=target, k=ctx.outcome.need_constraint)
        )
    return lines


def chosen(
    ctx: Context, best: optimiser.Selection
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The chosen products (JSON) and why each is there, the total, and the cheaper ones left out."""
    products, lines = [], []
    for key in best.keys:
        product = ctx.by_id[key]
        counted = best.counts_for.get(key, ())
        products.append(ctx.product(product, counted))
        lines.append(
            message(
                "chosen",
                name=product.name,
                provider=product.provider_name,
                price=str(product.price),
                scenes=ctx.scenes(counted),
                target=ctx.target,
            )
        )
    lines.append(message("total", price=str(yuan(best.price)), n=ctx.outcome.candidates))
    lines.extend(_left_out(ctx, best, key, forced) for key, forced in ctx.outcome.forced)
    useless = len(ctx.catalogue) - ctx.outcome.candidates
    if useless:
        lines.append(message("useless", n=useless, target=ctx.target))
    return products, lines


def _left_out(
    ctx: Context, best: optimiser.Selection, key: int, forced: optimiser.Selection | None
) -> dict[str, Any]:
    product = ctx.by_id[key]
    levels = ctx.goal.levels
    reach = [
        s
        for s, lv in product.lifts.items()
        if lv >= ctx.target and levels.get(s, ctx.target) < ctx.target
    ]
    why: dict[str, Any]
    if forced is None:
        why = {"why": "infeasible"}
    elif forced.price == best.price:
        why = {"why": "same", "cost": str(yuan(forced.price))}
    else:
        why = {
            "why": "dearer",
            "cost": str(yuan(forced.price)),
            "extra": str(yuan(forced.price - best.price)),
        }
    return message(
        "left_out",
        name=product.name,
        price=str(product.price),
        scenes=ctx.scenes(reach),
        target=ctx.target,
        **why,
    )


def refusals(ctx: Context) -> list[dict[str, Any]]:
    """Why no set is recommended: the budget is too small, or the catalogue cannot do it."""
    outcome, target = ctx.outcome, ctx.target
    if (
        outcome.status == "over_budget"
        and outcome.without_budget is not None
        and ctx.budget is not None
    ):
        cost = yuan(outcome.without_budget.price)
        return [
            message(
                "over_budget",
                target=target,
                cost=str(cost),
                budget=str(ctx.budget.quantize(CENT)),
                diff=str((cost - ctx.budget).quantize(CENT)),
            )
        ]
    if outcome.status != "infeasible":
        return []
    lines = []
    if outcome.uncoverable:
        lines.append(message("uncoverable", target=target, scenes=ctx.scenes(outcome.uncoverable)))
    lines.append(
        message(
            "max_scenes",
            max=outcome.max_scenes,
            target=target,
            need=ctx.rule.min_scenes,
            max_c=outcome.max_constraint,
            need_c=ctx.rule.min_constraint_scenes,
        )
    )
    return lines


def alternatives(ctx: Context) -> list[dict[str, Any]]:
    """The next-best sets (no-good cuts); over budget: the cheapest set ignoring the budget."""
    outcome = ctx.outcome
    over = outcome.status == "over_budget"
    sets = [outcome.without_budget] if over and outcome.without_budget else outcome.alternatives
    best = outcome.best.price if outcome.best else 0
    return [
        {
            "products": [ctx.product(ctx.by_id[k], s.counts_for.get(k, ())) for k in s.keys],
            "total_price": str(yuan(s.price)),
            "extra": str(yuan(s.price - best)),
            "over_budget": over,
        }
        for s in sets
    ]


def per_scene(ctx: Context) -> list[dict[str, Any]]:
    """For each scene below the target, the cheapest products that reach it there."""
    rows = []
    for name in ctx.goal.below:
        options = [p for p in ctx.catalogue if p.lifts.get(name, 0) >= ctx.target][
            :PER_SCENE_OPTIONS
        ]
        rows.append(
            {
                "scene": name,
                "constraint": name in ctx.goal.constraint_scenes,
                "from": ctx.goal.levels[name],
                "options": [
                    {
                        "id": p.id,
                        "name": p.name,
                        "provider": p.provider_name,
                        "price": str(p.price),
                        "to": p.lifts[name],
                    }
                    for p in options
                ],
            }
        )
    return rows
