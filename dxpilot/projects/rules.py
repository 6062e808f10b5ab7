"""Readers of the programme file's project rules (Program.subsidy_rule): date windows and the
investment categories that count. Pure functions over the programme, below services and selectors."""

from __future__ import annotations

from datetime import date
from typing import Any


def window(program: Any, name: str) -> tuple[date, date] | None:
    """A date window of the programme's subsidy rule ("contract", "invoice", "payment")."""
    raw = ((program.subsidy_rule or {}).get("windows") or {}).get(name)
    if not raw:
        return None
    start, end = (raw.get("from"), raw.get("to")) if isinstance(raw, dict) else raw
    return date.fromisoformat(str(start)), date.fromisoformat(str(end))


def categories(program: Any) -> dict[str, dict[str, Any]]:
    return {c["key"]: c for c in (program.subsidy_rule or {}).get("categories", [])}
