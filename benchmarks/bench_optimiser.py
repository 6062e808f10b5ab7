"""Plan optimiser latency with 1 000 listed products, against baselines measured in the same run.

    DXPILOT_DEBUG=true .venv/bin/python benchmarks/bench_optimiser.py [--products 1000] [--runs 30]

A throwaway SQLite database gets the Hefei programme, `--products` listed products of approved
providers (each lifting 1-3 random scenes to level 1-4, prices 5 000-300 000 元, fixed seed) and
`--enterprises` pilot enterprises whose locked T0 assessments have random scene levels (a
different gap each). Then, per enterprise, round-robin over `--runs` rounds:

- ``recommend(enterprise)``: the whole recommendation as the plan page computes it (catalogue
  read, T0 scoring, milp for the cheapest set, 3 alternatives by no-good cuts, up to 5 forced
  re-solves explaining cheaper products, expected level by re-scoring, messages);
- ``solve``: the optimiser alone on the same goal and options (all the milp solves above), and
  with the cheapest set only (one milp solve, no alternatives or explanations);
- baseline ``greedy``: the cheapest product per needed scene, constraint scenes first (not optimal);
- baseline ``bare milp``: one scipy ``milp`` call on a one-variable model (the fixed cost of
  calling HiGHS at all).

Reported: median and p95 of each, the ratios to the baselines, and how much dearer the greedy
set is than the optimal one (the point of solving exactly). Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import header, load_hefei, setup_django, table


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def build(program: Any, n_products: int, n_enterprises: int, seed: int) -> list[Any]:
    from django.utils import timezone

    from dxpilot.assessment import engine
    from dxpilot.assessment.models import Assessment
    from dxpilot.enterprises.models import Enterprise
    from dxpilot.enterprises.services import register_enterprise
    from dxpilot.programs.models import ProviderKind
    from dxpilot.providers.models import Product, ProductScene, Provider
    from dxpilot.testing import enterprise_data, valid_code

    rng = random.Random(seed)
    iset = engine.load_indicator_set(program.assessment_edition)
    scenes = list(iset.scene_names)
    kind = ProviderKind.objects.get(program=program, key="specialised")
    providers = Provider.objects.bulk_create(
        Provider(
            program=program,
            credit_code=valid_code(f"91340100MA2BP{n:04d}"),
            name=f"基准服务商{n:03d}",
            kind=kind,
            status=Provider.Status.APPROVED,
        )
        for n in range(50)
    )
    products = Product.objects.bulk_create(
        Product(
            provider=providers[n % len(providers)],
            name=f"基准产品{n:05d}",
            kind=rng.choice(["software", "cloud", "data_devices"]),
            summary="基准测试产品",
            deployment="saas",
            price=Decimal(rng.randrange(5_000, 300_000, 500)),
            price_unit="set",
            implementation_days=30,
            sample_enterprise_name="样板企业",
            sample_contract_date=date(2024, 3, 1),
            status=Product.Status.LISTED,
        )
        for n in range(n_products)
    )
    ProductScene.objects.bulk_create(
        ProductScene(product=p, scene=s, level=rng.choices([1, 2, 3, 4], weights=[1, 4, 3, 1])[0])
        for p in products
        for s in rng.sample(scenes, rng.choice([1, 1, 2, 2, 3]))
    )
    answers = {
        "B1.1": ["B", "C"], "B1.2": "D", "B1.3": "C", "B2.1": ["B", "C", "D", "E", "F"], "B3.1": "C",
        "B4.1": ["B"], "B4.2": ["B"], "M1.1": "C", "M1.2": ["B"], "M2.1": ["B", "C"], "M2.2": "B",
        "E1.1": "B", "E2.1": "B", "E3.1": "B", "E3.2": "B",
    }  # fmt: skip
    from dxpilot.accounts.models import Role
    from dxpilot.accounts.services import create_user

    admin = create_user(
        actor=None, username="bench-admin", password=secrets.token_urlsafe(16), role=Role.CITY_ADMIN
    )
    enterprises = []
    for n in range(n_enterprises):
        code = valid_code(f"91340104MA2BE{n:04d}")
        enterprise = register_enterprise(program, enterprise_data(code, "340104"), actor=admin)
        levels = {s: rng.choice([0, 1, 1, 1, 2]) for s in scenes}
        Assessment.objects.create(
            enterprise=enterprise,
            kind=Assessment.Kind.ONSITE_BEFORE,
            edition=program.assessment_edition,
            status=Assessment.Status.LOCKED,
            answers=answers,
            scenes=levels,
            locked_at=timezone.now(),
        )
        enterprises.append(
            Enterprise.objects.select_related("program", "segment", "industry").get(
                pk=enterprise.pk
            )
        )
    return enterprises


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--enterprises", type=int, default=10, help="different T0 gaps")
    parser.add_argument("--runs", type=int, default=20, help="rounds over all enterprises")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    url = setup_django()
    header(f"Plan optimiser, {args.products} listed products", url)

    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    from dxpilot.matching import optimiser
    from dxpilot.matching.catalogue import catalogue_for
    from dxpilot.matching.recommend import Baseline, recommend

    program = load_hefei()
    started = time.perf_counter()
    enterprises = build(program, args.products, args.enterprises, args.seed)
    print(
        f"   generated {args.products} products, {len(enterprises)} T0 assessments in {time.perf_counter() - started:.1f} s"
    )

    cases = []
    for enterprise in enterprises:
        baseline = Baseline.of(enterprise)
        rule = baseline.result.rules.rule_for(2)
        goal = optimiser.Goal(
            2,
            baseline.scenes,
            frozenset(baseline.result.constraint_scenes),
            rule.min_scenes,
            rule.min_constraint_scenes,
        )
        options = [optimiser.Option(p.id, p.cents, p.lifts) for p in catalogue_for(enterprise)]
        cases.append((enterprise, goal, options))

    def bare() -> Any:
        return milp(
            np.ones(1),
            integrality=np.ones(1),
            bounds=Bounds(0, 1),
            constraints=[LinearConstraint(np.ones((1, 1)), 1, np.inf)],
        )

    probes: dict[str, Callable[[Any, Any, Any], Any]] = {
        "recommend(enterprise)": lambda e, g, o: recommend(e),
        "solve (optimiser only)": lambda e, g, o: optimiser.solve(g, o),
        "solve, cheapest set only": lambda e, g, o: optimiser.solve(
            g, o, alternatives=0, explain=0
        ),
        "baseline: greedy": lambda e, g, o: optimiser.greedy(g, o),
        "baseline: bare milp call": lambda e, g, o: bare(),
    }
    samples: dict[str, list[float]] = {name: [] for name in probes}
    for case in cases:  # warm-up: imports, HiGHS, query plans
        for fn in probes.values():
            fn(*case)
    for _ in range(args.runs):
        for case in cases:
            for name, fn in probes.items():
                t0 = time.perf_counter()
                fn(*case)
                samples[name].append(time.perf_counter() - t0)

    stats = {name: (statistics.median(s), percentile(s, 0.95)) for name, s in samples.items()}
    greedy_median = stats["baseline: greedy"][0]
    bare_median = stats["baseline: bare milp call"][0]
    rows = [
        [
            name,
            f"{m * 1000:.2f}",
            f"{p95 * 1000:.2f}",
            f"{m / greedy_median:.1f}x",
            f"{m / bare_median:.1f}x",
        ]
        for name, (m, p95) in stats.items()
    ]
    print()
    print(table(["measure", "median ms", "p95 ms", "÷ greedy", "÷ bare milp"], rows))

    outcomes = [optimiser.solve(g, o) for _e, g, o in cases]
    print()
    statuses = [o.status for o in outcomes]
    print(f"   outcomes: {', '.join(f'{s} {statuses.count(s)}' for s in sorted(set(statuses)))}")
    print(f"   useful products per case (median): {statistics.median(o.candidates for o in outcomes):.0f} of {args.products}; "
          f"model variables after the twin reduction (median): {statistics.median(o.variables for o in outcomes if o.variables):.0f}; "
          f"milp solves per recommendation (median): {statistics.median(o.solves for o in outcomes):.0f}")  # fmt: skip
    dearer = []
    for (_e, g, o), outcome in zip(cases, outcomes, strict=True):
        cheap = optimiser.greedy(g, o)
        if outcome.best is not None and cheap is not None and outcome.best.price:
            dearer.append(cheap.price / outcome.best.price - 1)
    if dearer:
        print(f"   greedy set dearer than the optimum: median {statistics.median(dearer):.1%}, max {max(dearer):.1%}, "
              f"equal in {sum(1 for d in dearer if d == 0)} of {len(dearer)} cases")  # fmt: skip


if __name__ == "__main__":
    main()
