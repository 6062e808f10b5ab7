"""Plan recommendations (一企一案): from the enterprise's on-site baseline (T0) and its gap to the
target level, the cheapest set of listed products that makes the level's scene conditions hold,
explained, with alternatives and the expected score and level after.

The recommendation's dict (stored in Plan.recommendation) holds codes and figures only; the
sentences are said by ``render.render_recommendation`` in the reader's language.

Recommendations never bind the enterprise: it may take, change or ignore them (襄阳's conduct
rules: providers may recommend but must not limit the enterprise's choice).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dxpilot.assessment import engine
from dxpilot.assessment.config import engine_config, sheet_for
from dxpilot.assessment.engine.levels import format_points
from dxpilot.assessment.models import Assessment
from dxpilot.enterprises.models import Enterprise
from dxpilot.matching import explain, optimiser
from dxpilot.matching.catalogue import catalogue_for

ALTERNATIVES = 3
EXPLAIN_CHEAPER = 5


def baseline_for(enterprise: Enterprise) -> Assessment | None:
    """The latest locked on-site assessment before transformation (T0)."""
    return (
        Assessment.objects.filter(
            enterprise=enterprise,
            kind=Assessment.Kind.ONSITE_BEFORE,
            status=Assessment.Status.LOCKED,
        )
        .order_by("-locked_at", "-pk")
        .first()
    )


@dataclass
class Baseline:
    """The T0 sheet, scored with the enterprise's programme rules and 约束性 scene set."""

    enterprise: Enterprise
    assessment: Assessment
    sheet: dict[str, Any]
    result: engine.ScoreResult
    rules: engine.LevelRules | None
    constraint_scenes: tuple[str, ...] | None

    @classmethod
    def of(cls, enterprise: Enterprise, assessment: Assessment | None = None) -> Baseline:
        assessment = assessment or baseline_for(enterprise)
        if assessment is None:
            raise ValidationError(
                _("该企业还没有已锁定的改造前现场评测（T0），无法给出推荐。"), code="no_baseline"
            )
        config = engine_config(enterprise)
        sheet = sheet_for(
            assessment.edition, config.industry, assessment.answers, assessment.scenes
        )
        result = engine.score_sheet(
            sheet, rules=config.rules, constraint_scenes=config.constraint_scenes
        )
        return cls(enterprise, assessment, sheet, result, config.rules, config.constraint_scenes)

    @property
    def scenes(self) -> dict[str, int]:
        return dict(self.result.sheet.scenes)

    def rescore(
        self, scenes: Mapping[str, int], gaps: Iterable[engine.Gap] = ()
    ) -> engine.ScoreResult:
        sheet = dict(self.result.sheet.to_dict())
        sheet["scenes"] = dict(scenes)
        sheet = engine.apply_gaps(sheet, list(gaps))
        return engine.score_sheet(sheet, rules=self.rules, constraint_scenes=self.constraint_scenes)

    def lifted(self, lifts: Iterable[Mapping[str, int]]) -> dict[str, int]:
        """The scene levels after applying products' lifts (a scene never goes down)."""
        scenes = self.scenes
        for lift in lifts:
            for name, level in lift.items():
                if name in scenes and level > scenes[name]:
                    scenes[name] = level
        return scenes


def _result_summary(result: engine.ScoreResult) -> dict[str, Any]:
    return {"total": format_points(result.total), "level": result.level}


@dataclass
class Expected:
    """What the T0 sheet scores once the chosen products' lifts are applied, and the
    non-product changes (questions) still needed for the target."""

    result: engine.ScoreResult
    advice: list[engine.Gap] = field(default_factory=list)
    with_advice: engine.ScoreResult | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **_result_summary(self.result),
            "advice": [gap.to_dict() for gap in self.advice],
            "with_advice": _result_summary(self.with_advice) if self.with_advice else None,
        }


def expected_after(baseline: Baseline, lifts: Iterable[Mapping[str, int]], target: int) -> Expected:
    scenes = baseline.lifted(lifts)
    result = baseline.rescore(scenes)
    expected = Expected(result)
    if result.level < target:
        gaps = engine.gap_to(result, target)
        expected.advice = list(gaps)
        expected.with_advice = baseline.rescore(scenes, gaps)
    return expected


@dataclass
class Recommendation:
    status: optimiser.Status
    target_level: int
    budget: Decimal | None
    data: dict[str, Any]

    @property
    def product_ids(self) -> list[int]:
        return [p["id"] for p in self.data["chosen"]]

    @property
    def total_price(self) -> Decimal:
        return Decimal(self.data["total_price"])

    def to_dict(self) -> dict[str, Any]:
        return self.data


def recommend(
    subject: Any,
    target_level: int | None = None,
    budget: Decimal | None = None,
    *,
    alternatives: int = ALTERNATIVES,
) -> Recommendation:
    """The cheapest products that make `target_level` (default: the project's, else 二级)
    reachable from the T0 result, within `budget` (yuan) when given. `subject` is a
    TransformationProject (its baseline assessment) or an Enterprise (its latest T0)."""
    if hasattr(subject, "baseline_assessment"):  # a project (matching sits below projects)
        enterprise = subject.enterprise
        baseline = Baseline.of(enterprise, subject.baseline_assessment)
        target = target_level or subject.target_level
    else:
        enterprise = subject
        baseline = Baseline.of(enterprise)
        target = target_level or 2
    result = baseline.result
    if not 1 <= target <= result.rules.max_level:
        raise ValidationError(
            {"target_level": [_("目标等级应为 1 到 {n} 级。").format(n=result.rules.max_level)]}
        )
    if budget is not None and budget <= 0:
        raise ValidationError({"budget": [_("预算应大于 0 元，或留空表示不限。")]})
    rule = result.rules.rule_for(target)
    goal = optimiser.Goal(
        target=target,
        levels=baseline.scenes,
        constraint_scenes=frozenset(result.constraint_scenes),
        min_scenes=rule.min_scenes,
        min_constraint_scenes=rule.min_constraint_scenes,
        budget=None if budget is None else int((budget * 100).to_integral_value()),
    )
    catalogue = catalogue_for(enterprise)
    options = [optimiser.Option(p.id, p.cents, p.lifts) for p in catalogue]
    outcome = optimiser.solve(goal, options, alternatives=alternatives, explain=EXPLAIN_CHEAPER)
    ctx = explain.Context(
        goal, outcome, catalogue, {p.id: p for p in catalogue}, result, rule, budget
    )
    lines = explain.introduction(ctx)
    chosen: list[dict[str, Any]] = []
    if outcome.best is not None:
        chosen, why = explain.chosen(ctx, outcome.best)
        lines += why
    reasons = explain.refusals(ctx)
    lines += reasons
    expected = None
    if outcome.status in ("ok", "already"):
        lifts = [ctx.by_id[k].lifts for k in (outcome.best.keys if outcome.best else ())]
        expected = expected_after(baseline, lifts, target)
        if expected.advice:
            lines.append(
                explain.message(
                    "score_short",
                    total=format_points(expected.result.total),
                    target=target,
                    score=format_points(rule.min_score),
                )
            )
    advice: list[engine.Gap]
    if expected is not None:
        advice = expected.advice
    elif result.level < target:
        # No product set: still say which non-product changes the score needs.
        advice = [g for g in engine.gap_to(result, target) if isinstance(g, engine.QuestionGap)]
    else:
        advice = []
    data = {
        "status": outcome.status,
        "target_level": target,
        "edition": baseline.assessment.edition,
        "budget": None if budget is None else str(budget),
        "baseline": {
            "assessment_id": baseline.assessment.pk,
            **_result_summary(result),
            "scenes": goal.levels,
        },
        "needs": {"scenes": outcome.need_scenes, "constraint_scenes": outcome.need_constraint},
        "chosen": chosen,
        "total_price": str(explain.yuan(outcome.best.price) if outcome.best else Decimal("0.00")),
        "expected": expected.to_dict() if expected is not None else None,
        "advice": [gap.to_dict() for gap in advice],
        "alternatives": explain.alternatives(ctx),
        "per_scene": explain.per_scene(ctx),
        "explanation": lines,
        "reasons": reasons,
        "solver": {
            "catalogue": len(catalogue),
            "candidates": outcome.candidates,
            "variables": outcome.variables,
            "solves": outcome.solves,
            "milliseconds": round(outcome.seconds * 1000, 1),
        },
    }
    return Recommendation(outcome.status, target, budget, data)
