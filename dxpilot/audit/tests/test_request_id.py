"""Audit entries carry the request id; entries without one keep their original hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from io import StringIO

from django.core.management import call_command

from dxpilot.audit import context
from dxpilot.audit.chain import GENESIS, entry_hash, hashed_fields
from dxpilot.audit.models import AuditEntry
from dxpilot.audit.selectors import verify_chain
from dxpilot.audit.services import record
from dxpilot.testing import World, client_for


def test_an_entry_written_in_a_request_names_its_request_id(world: World) -> None:
    from dxpilot.enterprises.selectors import enterprise_data as data_of

    client = client_for(world.officer_a)
    form = {k: v for k, v in asdict(data_of(world.enterprise_a)).items() if v is not None}
    form.update(employees=151)
    response = client.post(
        f"/enterprises/{world.enterprise_a.pk}/edit/", form, HTTP_X_REQUEST_ID="nginx-req-42abc"
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "nginx-req-42abc"
    entry = AuditEntry.objects.filter(action="enterprise.update").latest("seq")
    assert entry.request_id == "nginx-req-42abc"
    assert verify_chain().ok


def test_an_entry_outside_a_request_has_none(world: World) -> None:
    entry = record(actor=None, action="test.system", object_type="x", object_id="1")
    assert entry.request_id is None
    assert "request_id" not in hashed_fields(entry)


def test_the_request_id_is_covered_by_the_hash(world: World) -> None:
    token = context.set_request_id("abcdef123456")
    try:
        entry = record(actor=None, action="test.traced", object_type="x", object_id="1")
    finally:
        context.reset_request_id(token)
    assert entry.request_id == "abcdef123456"
    assert hashed_fields(entry)["request_id"] == "abcdef123456"
    entry.request_id = "forged-id-0000"
    assert entry_hash(hashed_fields(entry), entry.prev_hash) != entry.hash


def legacy_hash(entry: AuditEntry, prev_hash: str) -> str:
    """The hash as written before the request_id column existed (the field list of 0001/0002)."""
    fields = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "ip": entry.ip,
        "via": entry.via,
        "kind": entry.kind,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_label": entry.object_label,
        "changes": entry.changes,
    }
    payload = json.dumps(
        fields, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    )
    return hashlib.sha256((prev_hash + "|" + payload).encode("utf-8")).hexdigest()


def test_entries_written_before_the_request_id_still_verify(world: World) -> None:
    entries = list(AuditEntry.objects.order_by("seq"))
    assert entries
    prev = GENESIS
    for entry in entries:
        assert entry.request_id is None
        assert entry.hash == legacy_hash(entry, prev)
        prev = entry.hash
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert f"{len(entries)} entries verified" in out.getvalue()
