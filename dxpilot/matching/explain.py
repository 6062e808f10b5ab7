"""What the recommendation says: every message and JSON piece built from an optimiser outcome.

The shapes are stored in Plan.recommendation and rendered by the plan page (see recommend.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dxpilot.assessment import engine
from dxpilot.assessment.engine.levels import format_points
from dxpilot.core.money import money as money
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

    @property
    def target_name(self) -> str:
        return engine.level_name(self.goal.target)

    def scenes(self, names: Iterable[str]) -> str:
        constraint = self.goal.constraint_scenes
        return "、".join(f"「{n}」" + (_("（约束性）") if n in constraint else "") for n in names)

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


def introduction(ctx: Context) -> list[str]:
    result, rule, target = ctx.result, ctx.rule, ctx.target_name
    lines = [
        _("改造前现场评测（T0）总分 {total}，等级：{level}。").format(
            total=format_points(result.total), level=result.level_name
        ),
        _(
            "{target}要求总分 ≥ {score}、≥ {n} 个场景达到{target}（现有 {have} 个），"
            "其中约束性场景 ≥ {k} 个（现有 {have_c} 个）。"
        ).format(
            target=target,
            score=format_points(rule.min_score),
            n=rule.min_scenes,
            have=result.scenes_at_level[ctx.target],
            k=rule.min_constraint_scenes,
            have_c=result.constraint_scenes_at_level[ctx.target],
        ),
    ]
    if ctx.outcome.status == "already":
        lines.append(
            _("现有场景已满足{target}的场景条件，无需为场景选购产品。").format(target=target)
        )
    else:
        lines.append(
            _("还需 {n} 个场景达到{target}，其中约束性场景 {k} 个。").format(
                n=ctx.outcome.need_scenes, target=target, k=ctx.outcome.need_constraint
            )
        )
    return lines


def chosen(ctx: Context, best: optimiser.Selection) -> tuple[list[dict[str, Any]], list[str]]:
    """The chosen products (JSON) and why each is there, the total, and the cheaper ones left out."""
    products, lines = [], []
    for key in best.keys:
        product = ctx.by_id[key]
        counted = best.counts_for.get(key, ())
        products.append(ctx.product(product, counted))
        lines.append(
            _("推荐「{name}」（{provider}，{price} 元）：把{scenes}提升到{target}。").format(
                name=product.name,
                provider=product.provider_name,
                price=money(product.price),
                scenes=ctx.scenes(counted) or _("（与其他推荐产品重叠的场景）"),
                target=ctx.target_name,
            )
        )
    lines.append(
        _("合计 {price} 元，是 {n} 个可用在册产品中满足场景条件的最便宜组合。").format(
            price=money(yuan(best.price)), n=ctx.outcome.candidates
        )
    )
    lines.extend(_left_out(ctx, best, key, forced) for key, forced in ctx.outcome.forced)
    useless = len(ctx.catalogue) - ctx.outcome.candidates
    if useless:
        lines.append(
            _("另有 {n} 个在册产品只涉及已达标的场景，或达不到{target}，对本目标没有帮助。").format(
                n=useless, target=ctx.target_name
            )
        )
    return products, lines


def _left_out(
    ctx: Context, best: optimiser.Selection, key: int, forced: optimiser.Selection | None
) -> str:
    product = ctx.by_id[key]
    levels = ctx.goal.levels
    reach = [
        s
        for s, lv in product.lifts.items()
        if lv >= ctx.target and levels.get(s, ctx.target) < ctx.target
    ]
    if forced is None:
        why = _("选用它后在预算内无法满足场景条件")
    elif forced.price == best.price:
        why = _("包含它的组合同样是 {cost} 元，列为备选").format(cost=money(yuan(forced.price)))
    else:
        why = _("包含它的最便宜组合需 {cost} 元，比推荐方案多 {extra} 元").format(
            cost=money(yuan(forced.price)), extra=money(yuan(forced.price - best.price))
        )
    return _("「{name}」（{price} 元）更便宜，但只能把{scenes}提升到{target}；{why}。").format(
        name=product.name,
        price=money(product.price),
        scenes=ctx.scenes(reach),
        target=ctx.target_name,
        why=why,
    )


def refusals(ctx: Context) -> list[str]:
    """Why no set is recommended: the budget is too small, or the catalogue cannot do it."""
    outcome, target = ctx.outcome, ctx.target_name
    if (
        outcome.status == "over_budget"
        and outcome.without_budget is not None
        and ctx.budget is not None
    ):
        cost = yuan(outcome.without_budget.price)
        return [
            _(
                "预算不足：满足{target}场景条件的最便宜组合需 {cost} 元，超出预算 {budget} 元 {diff} 元。"
            ).format(
                target=target,
                cost=money(cost),
                budget=money(ctx.budget),
                diff=money(cost - ctx.budget),
            )
        ]
    if outcome.status != "infeasible":
        return []
    lines = []
    if outcome.uncoverable:
        lines.append(
            _("以下场景没有能达到{target}的在册产品：{scenes}。").format(
                target=target, scenes=ctx.scenes(outcome.uncoverable)
            )
        )
    lines.append(
        _(
            "在册产品最多能使 {max} 个场景达到{target}（需 {need} 个），"
            "其中约束性场景 {max_c} 个（需 {need_c} 个），无法达到{target}。"
        ).format(
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
