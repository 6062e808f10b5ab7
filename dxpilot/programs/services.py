"""Loading a programme file into the database (idempotent: natural keys, update in place)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.db import transaction

from dxpilot.audit.services import record
from dxpilot.programs.models import (
    Batch,
    Division,
    Industry,
    Program,
    ProviderKind,
    Segment,
    Stage,
    Target,
)
from dxpilot.programs.spec import parse_program_text

if TYPE_CHECKING:
    from dxpilot.accounts.models import User


def _upsert(
    model: Any, lookup: dict[str, Any], values: dict[str, Any], counts: dict[str, int]
) -> Any:
    obj, created = model.objects.update_or_create(**lookup, defaults=values)
    counts["created" if created else "updated"] += 1
    return obj


@transaction.atomic
def load_program(
    text: str, *, actor: User | None, activate: bool = True
) -> tuple[Program, dict[str, int]]:
    """Validate the whole file first, then upsert every row; a refused file writes nothing.

    Rows missing from a newer file are kept (enterprises may point at them), never deleted.
    """
    spec = parse_program_text(text)
    counts = {"created": 0, "updated": 0}
    created = not Program.objects.filter(key=spec["key"]).exists()
    program = _upsert(
        Program,
        {"key": spec["key"]},
        {
            "name": spec["name"],
            "city": spec["city"],
            "province": spec["province"],
            "region_code": spec["region_code"],
            "documents": spec["documents"],
            "starts_on": spec["starts_on"],
            "ends_on": spec["ends_on"],
            "central_fund_cap": spec["central_fund_cap"],
            "enterprise_share_min": spec["enterprise_share_min"],
            "assessment_edition": spec["assessment"]["edition"],
            "level_rules": spec["assessment"]["level_rules"],
            "constraint_scenes": spec["assessment"]["constraint_scenes"],
            "subsidy_rule": spec["subsidy"],
            "acceptance_rule": spec["acceptance"],
            "registry_rule": spec["registry"],
            "reporting_rule": spec["reporting"],
            "source_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        },
        counts,
    )
    if activate:
        Program.objects.exclude(pk=program.pk).filter(is_active=True).update(is_active=False)
        if not program.is_active:
            program.is_active = True
            program.save(update_fields=["is_active"])
    elif created:
        # A programme first loaded with --no-activate must not become the current one.
        program.is_active = False
        program.save(update_fields=["is_active"])
    for division in spec["divisions"]:
        _upsert(Division, {"program": program, "code": division.pop("code")}, division, counts)
    for industry in spec["industries"]:
        parent = Industry.objects.get(code=industry["parent"]) if industry["parent"] else None
        _upsert(
            Industry,
            {"code": industry["code"]},
            {"name": industry["name"], "parent": parent},
            counts,
        )
    industries = {
        i.code: i for i in Industry.objects.filter(code__in=[i["code"] for i in spec["industries"]])
    }
    for segment in spec["segments"]:
        codes = segment.pop("industries")
        obj = _upsert(Segment, {"program": program, "key": segment.pop("key")}, segment, counts)
        obj.industries.set([industries[code] for code in codes])
    for batch in spec["batches"]:
        lookup = {"program": program, "kind": batch.pop("kind"), "number": batch.pop("number")}
        _upsert(Batch, lookup, batch, counts)
    for stage in spec["stages"]:
        _upsert(Stage, {"program": program, "key": stage.pop("key")}, stage, counts)
    for target in spec["targets"]:
        _upsert(Target, {"program": program, "key": target.pop("key")}, target, counts)
    for kind in spec["provider_kinds"]:
        _upsert(ProviderKind, {"program": program, "key": kind.pop("key")}, kind, counts)
    record(actor=actor, action="program.load", target=program, changes={"rows": counts})
    return program, counts
