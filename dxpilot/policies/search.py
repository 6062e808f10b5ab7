"""Chinese full-text search over policy documents with the catalogue's jieba tokenizer and
ranking (dxpilot.providers.search): a policy is cut into weighted terms (PolicyTerm rows), a
query is cut the same way, and hits rank by the number of query terms held, then Σ weight × idf.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from dxpilot.policies.models import Policy, PolicyTerm
from dxpilot.providers.search import tokenize

WEIGHTS = {"title": 5, "number": 4, "issuer": 3, "summary": 2, "facet": 1}


def policy_fields(policy: Policy) -> list[tuple[str, str]]:
    """The texts a policy is found by. Expects segments and divisions loaded."""
    facets = " ".join(
        [
            str(policy.get_level_display()),
            str(policy.get_kind_display()),
            *(s.name for s in policy.segments.all()),
            *(d.name for d in policy.divisions.all()),
        ]
    )
    return [
        ("title", policy.title),
        ("number", policy.number),
        ("issuer", policy.issuer),
        ("summary", policy.summary),
        ("facet", facets),
    ]


def weighted_terms(fields: Iterable[tuple[str, str]]) -> dict[str, int]:
    weights: dict[str, int] = {}
    for name, text in fields:
        for term in tokenize(text):
            weights[term] = weights.get(term, 0) + WEIGHTS[name]
    return weights


@transaction.atomic
def index_policies(policy_ids: Iterable[int]) -> int:
    """Rebuild the index rows of these policies; returns the number of rows written."""
    ids = list(policy_ids)
    if not ids:
        return 0
    policies = Policy.objects.filter(pk__in=ids).prefetch_related("segments", "divisions")
    rows = [
        PolicyTerm(policy_id=policy.pk, term=term, weight=weight)
        for policy in policies
        for term, weight in weighted_terms(policy_fields(policy)).items()
    ]
    PolicyTerm.objects.filter(policy_id__in=ids).delete()
    PolicyTerm.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
