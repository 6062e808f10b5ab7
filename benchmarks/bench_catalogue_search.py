"""Catalogue search latency over --products listed products, against a plain `icontains` query.

    DXPILOT_DEBUG=true /tmp/v/bin/python benchmarks/bench_catalogue_search.py [--products 1000] [--repeat 30]

A throwaway SQLite database gets the Hefei programme, 40 providers in the pool and --products
listed products (names, summaries and descriptions varied from the demo archetypes, 1-4 scenes,
segments), then the jieba index is built (timed). For each typical query, on the same rows:

- baseline: one `icontains` over name, summary, description and provider name (OR), first page
            of 20 with the same select/prefetch — what a page without an index would do;
- search:   catalogue.search_catalogue — jieba cut of the query, index rows, rank with idf,
            first page of 20 with the explanation of every hit;
- page:     GET /catalogue/?q=… through the test client (filters form, template, compare tray).

Median and p95 of --repeat runs per query (after one warm-up). Hits say how many products each
approach finds: icontains misses products where the words are not adjacent. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import header, load_hefei, setup_django, table, timed

QUERIES = (
    "设备联网",
    "能耗监测",
    "排产",
    "质量追溯",
    "MES",
    "仓储扫码",
    "云财务",
    "数据采集网关",
    "视觉检测缺陷",
)
EXTRA = ("支持多工厂", "对接 ERP", "手机端操作", "按月订阅", "本地部署可选", "开放接口", "断网续传", "一周上线",
         "适合离散制造", "支持多语言", "提供培训", "数据看板")  # fmt: skip
PROVIDERS = 40


def populate(program: Any, count: int) -> list[int]:
    from dxpilot.demo import names
    from dxpilot.providers.demo import ARCHETYPES
    from dxpilot.providers.models import Product, ProductScene, Provider

    rng = random.Random(2024)
    kinds = list(program.provider_kinds.order_by("pk"))
    segments = list(program.segments.all())
    providers = Provider.objects.bulk_create(
        [
            Provider(program=program, credit_code=names.credit_code(rng, "340100"), kind=kinds[n % len(kinds)],
                     name=names.enterprise_name(rng, program.city, "").replace("有限公司", "数字科技有限公司", 1) + f"{n}",
                     status=Provider.Status.APPROVED)
            for n in range(PROVIDERS)
        ]
    )  # fmt: skip
    providers = list(Provider.objects.filter(program=program))
    for provider in providers:
        provider.segments.set(rng.sample(segments, k=2))
    rows = []
    for n in range(count):
        a = ARCHETYPES[n % len(ARCHETYPES)]
        rows.append(
            Product(provider=providers[n % len(providers)], name=f"{a.name}{n}", kind=a.kind, deployment=a.deployment,
                    summary=a.summary + rng.choice(EXTRA), description=a.description + "，".join(rng.sample(EXTRA, 3)),
                    price=Decimal(rng.randrange(*a.price, 100)), price_unit=a.unit, implementation_days=rng.randint(*a.days),
                    sample_enterprise_name="合肥某制造企业", sample_contract_date="2024-01-15",
                    status=Product.Status.LISTED)
        )  # fmt: skip
    Product.objects.bulk_create(rows, batch_size=2000)
    products = list(Product.objects.order_by("pk"))
    scenes = [
        ProductScene(product=p, scene=scene, level=level)
        for p, a in zip(
            products, (ARCHETYPES[n % len(ARCHETYPES)] for n in range(count)), strict=True
        )
        for scene, level in a.scenes.items()
    ]
    ProductScene.objects.bulk_create(scenes, batch_size=2000)
    through = Product.segments.through
    through.objects.bulk_create(
        [through(product_id=p.pk, segment_id=rng.choice(segments).pk) for p in products],
        batch_size=2000,
    )
    return [p.pk for p in products]


def baseline(q: str) -> int:
    """What a catalogue without an index would do: a substring match, first page."""
    from django.db.models import Q

    from dxpilot.providers.selectors import public_products

    matches = public_products().filter(
        Q(name__icontains=q)
        | Q(summary__icontains=q)
        | Q(description__icontains=q)
        | Q(provider__name__icontains=q)
    )
    total = matches.count()
    page = list(
        matches.select_related("provider__kind")
        .prefetch_related("scenes", "segments")
        .order_by("-is_excellent", "pk")[:20]
    )
    return total + 0 * len(page)


def search(q: str) -> int:
    from dxpilot.providers.catalogue import Filters, search_catalogue

    return search_catalogue(Filters(q=q)).total


def samples(fn: Callable[[], Any], repeat: int) -> list[float]:
    fn()
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    database_url = setup_django()
    from django.test import Client

    from dxpilot.providers.models import ProductTerm
    from dxpilot.providers.search import index_products, tokenize

    header(f"Catalogue search over {args.products} listed products vs icontains", database_url)
    program = load_hefei()
    seconds, ids = timed(lambda: populate(program, args.products))
    print(f"   populated {len(ids)} products from {PROVIDERS} providers in {seconds:.2f} s")
    seconds, _ = timed(lambda: tokenize("预热 jieba 词典"))
    print(f"   jieba dictionary loaded in {seconds:.2f} s (once per process)")
    seconds, rows = timed(lambda: index_products(ids))
    print(f"   index: {rows} term rows ({rows / len(ids):.0f} per product) built in {seconds:.2f} s"
          f" ({len(ids) / seconds:,.0f} products/s)")  # fmt: skip
    assert ProductTerm.objects.count() == rows

    client = Client()
    lines, all_base, all_search, all_page = [], [], [], []
    for q in QUERIES:
        base = samples(lambda q=q: baseline(q), args.repeat)
        found = samples(lambda q=q: search(q), args.repeat)
        page = samples(lambda q=q: client.get("/catalogue/", {"q": q}), max(5, args.repeat // 3))
        all_base += base
        all_search += found
        all_page += page
        lines.append([
            q, f"{baseline(q)}", f"{search(q)}",
            f"{statistics.median(base) * 1000:.1f} / {p95(base) * 1000:.1f}",
            f"{statistics.median(found) * 1000:.1f} / {p95(found) * 1000:.1f}",
            f"{statistics.median(page) * 1000:.1f} / {p95(page) * 1000:.1f}",
            f"{statistics.median(found) / statistics.median(base):.1f}x",
        ])  # fmt: skip
    lines.append([
        "all queries", "", "",
        f"{statistics.median(all_base) * 1000:.1f} / {p95(all_base) * 1000:.1f}",
        f"{statistics.median(all_search) * 1000:.1f} / {p95(all_search) * 1000:.1f}",
        f"{statistics.median(all_page) * 1000:.1f} / {p95(all_page) * 1000:.1f}",
        f"{statistics.median(all_search) / statistics.median(all_base):.1f}x",
    ])  # fmt: skip
    print()
    print(table(["query", "hits icontains", "hits search", "icontains ms median/p95", "search ms median/p95",
                 "page ms median/p95", "search vs icontains"], lines))  # fmt: skip


if __name__ == "__main__":
    main()
