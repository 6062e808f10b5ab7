"""The hash chain: each entry's hash covers its content and the previous entry's hash."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    payload = json.dumps(
        fields, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    )
    return hashlib.sha256((prev_hash + "|" + payload).encode("utf-8")).hexdigest()


def hashed_fields(entry: Any) -> dict[str, Any]:
    """The hashed content of an entry. `request_id` came later: it is hashed only when set, so
    the entries written before it (and outside a request) keep the hash they were written with."""
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
    request_id = getattr(entry, "request_id", None)
    if request_id:
        fields["request_id"] = request_id
    return fields
