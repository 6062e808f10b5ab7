"""Programme rules for providers, read from the programme's data.

Quotas per 细分行业 (Hefei plan §三.2): "每个试点行业拟遴选综合型服务商不超过3家、专业型服务商不超过10家".
The cap is per **试点行业** (pilot industry); the key chains (重点产业链) have none, so a provider
serving only chains is never refused for a full quota."""

from __future__ import annotations

from typing import Any

from dxpilot.programs.models import Segment


def quota_applies(segment: Any) -> bool:
    """Whether the provider quotas cap this 细分行业 (pilot industries only)."""
    return bool(segment.kind == Segment.Kind.INDUSTRY)


def quota_for(kind: Any, segment: Any) -> int | None:
    """The quota of a provider kind in a segment; None when nothing caps it."""
    return kind.quota_per_segment if quota_applies(segment) else None
