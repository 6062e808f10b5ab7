"""Chinese full-text search over the product catalogue, with jieba.

Each product is cut into terms (jieba's search mode, which also yields the short words inside
long ones: 工业互联网 → 工业、互联、联网、互联网) and stored as ProductTerm rows weighted by the
field a term comes from. A query is cut the same way; a product matches when it holds any query
term. Results rank first by how many query terms they hold, then by the summed weight × idf of
those terms, so rare, specific words count more than 管理 or 系统. Each hit keeps the terms it
matched so the page can say why it appears ("匹配：设备、联网").
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from dxpilot.providers.models import Product, ProductTerm

# Where a term occurs decides its weight; a term found in several fields adds them up.
WEIGHTS = {"name": 5, "scene": 3, "summary": 2, "provider": 2, "facet": 1, "description": 1}
MAX_TERM_LENGTH = 40
# Words that say nothing about a product (and would match everything).
STOPWORDS = frozenset(
    ["的", "了", "和", "与", "及", "或", "等", "在", "是", "为", "对", "把", "被", "从", "以", "并", "其", "该", "这", "那", "之", "也", "都", "而", "于", "由", "中", "上", "下", "个", "一", "各", "可", "将", "我们", "提供", "帮助", "实现", "支持", "进行", "通过", "相关", "一个", "以及", "企业", "用户", "a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "with"]
)  # fmt: skip
# Domain words jieba's dictionary lacks; the 16 scene names are added from the indicator set.
DOMAIN_WORDS = (
    "设备联网", "数据采集", "边缘计算", "工业互联网", "数字孪生", "小快轻准", "机器视觉", "视觉检测",
    "能耗监测", "排产", "扫码", "看板", "工单", "追溯", "预测性维护", "点巡检", "安全生产",
)  # fmt: skip
_WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
_LETTERS = re.compile(r"[a-z]+")

_ready = threading.Lock()
_initialised = False


def _jieba() -> object:
    """jieba with the domain words, initialised once per process (loading takes ~0.5 s)."""
    global _initialised
    import jieba

    if not _initialised:
        with _ready:
            if not _initialised:
                import logging

                from dxpilot.assessment.engine import installed_editions, load_indicator_set

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                scenes = {
                    s.name for e in installed_editions() for s in load_indicator_set(e).scenes
                }
                for word in (*DOMAIN_WORDS, *sorted(scenes)):
                    jieba.add_word(word, freq=20000)
                _initialised = True
    return jieba


def tokenize(text: str) -> list[str]:
    """The distinct search terms of `text`, in order of first appearance (lower-cased)."""
    if not text:
        return []
    jieba = _jieba()
    seen: dict[str, None] = {}
    for raw in jieba.lcut_for_search(text):  # type: ignore[attr-defined]
        term = raw.strip().lower()
        if not term or term in STOPWORDS or len(term) > MAX_TERM_LENGTH or not _WORD.search(term):
            continue
        if term.isascii() and len(term) < 2:
            continue
        seen.setdefault(term, None)
        if term.isascii():
            # jieba keeps "MES12" or "erp系统v2" runs whole: also index the letter runs in them.
            for part in _LETTERS.findall(term):
                if len(part) >= 2 and part != term:
                    seen.setdefault(part, None)
    return list(seen)


def weighted_terms(fields: Iterable[tuple[str, str]]) -> dict[str, int]:
    """{term: weight} for (field, text) pairs; each field counts once per term."""
    weights: dict[str, int] = {}
    for name, text in fields:
        for term in tokenize(text):
            weights[term] = weights.get(term, 0) + WEIGHTS[name]
    return weights


def product_fields(product: Product) -> list[tuple[str, str]]:
    """The texts a product is found by. Expects provider, scenes and segments loaded."""
    scenes = " ".join(s.scene for s in product.scenes.all())
    facets = " ".join(
        [
            product.get_kind_display(),
            product.get_deployment_display(),
            *(s.name for s in product.segments.all()),
        ]
    )
    return [
        ("name", product.name),
        ("scene", scenes),
        ("summary", product.summary),
        ("provider", product.provider.name),
        ("facet", facets),
        ("description", product.description),
    ]


@transaction.atomic
def index_products(product_ids: Iterable[int]) -> int:
    """Rebuild the index rows of these products; returns the number of rows written."""
    ids = list(product_ids)
    if not ids:
        return 0
    products = (
        Product.objects.filter(pk__in=ids)
        .select_related("provider")
        .prefetch_related("scenes", "segments")
    )
    rows = [
        ProductTerm(product_id=product.pk, term=term, weight=weight)
        for product in products
        for term, weight in weighted_terms(product_fields(product)).items()
    ]
    ProductTerm.objects.filter(product_id__in=ids).delete()
    ProductTerm.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@dataclass
class Hit:
    product_id: int
    score: float = 0.0
    matched: list[str] = field(default_factory=list)


def rank(query_terms: Sequence[str], rows: Iterable[tuple[int, str, int]], total: int) -> list[Hit]:
    """Order products by (query terms matched, Σ weight × idf); `rows` are (product, term, weight)
    for the query terms among the `total` candidate products."""
    rows = list(rows)
    document_frequency: dict[str, int] = {}
    for _product, term, _weight in rows:
        document_frequency[term] = document_frequency.get(term, 0) + 1
    order = {term: n for n, term in enumerate(query_terms)}
    hits: dict[int, Hit] = {}
    for product_id, term, weight in rows:
        idf = math.log(1 + max(total, 1) / document_frequency[term])
        hit = hits.setdefault(product_id, Hit(product_id))
        hit.score += weight * idf
        hit.matched.append(term)
    for hit in hits.values():
        hit.matched.sort(key=lambda t: order.get(t, len(order)))
    return sorted(hits.values(), key=lambda h: (-len(h.matched), -h.score, h.product_id))
