"""How the funding app reacts to changes in the project app (connected in FundingConfig.ready)."""

from __future__ import annotations

from typing import Any

from dxpilot.funding.services.flags import detect_project_flags


def detect_flags(sender: Any, *, project_id: int, **kwargs: Any) -> None:
    """Re-run the fraud and anomaly detectors for a project whose records changed."""
    detect_project_flags(project_id)
