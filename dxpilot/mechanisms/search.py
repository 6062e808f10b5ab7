"""The model library's search index: the catalogue's jieba tokenizer, weights and ranking
(dxpilot.providers.search), over mechanism models instead of products."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from dxpilot.mechanisms.models import MechanismModel, ModelTerm
from dxpilot.providers.search import weighted_terms


def model_fields(model: MechanismModel) -> list[tuple[str, str]]:
    """The texts a model is found by. Expects provider, platform, scenes and segments loaded."""
    facets = " ".join(
        [
            model.inputs,
            model.outputs,
            model.get_licence_display(),
            *(s.name for s in model.segments.all()),
        ]
    )
    return [
        ("name", model.name),
        ("scene", " ".join(s.scene for s in model.scenes.all())),
        ("summary", model.summary),
        ("provider", model.owner_name),
        ("facet", facets),
        ("description", model.description),
    ]


@transaction.atomic
def index_models(model_ids: Iterable[int]) -> int:
    """Rebuild the index rows of these models; returns the number of rows written."""
    ids = list(model_ids)
    if not ids:
        return 0
    models = (
        MechanismModel.objects.filter(pk__in=ids)
        .select_related("provider", "platform")
        .prefetch_related("scenes", "segments")
    )
    rows = [
        ModelTerm(model_id=model.pk, term=term, weight=weight)
        for model in models
        for term, weight in weighted_terms(model_fields(model)).items()
    ]
    ModelTerm.objects.filter(model_id__in=ids).delete()
    ModelTerm.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
