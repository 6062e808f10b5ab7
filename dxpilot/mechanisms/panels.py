"""The model library's section of the catalogue pages (see dxpilot.providers.panels): the
listed mechanism models serving the scenes of the product (or of the search results)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dxpilot.mechanisms.selectors import models_for_scenes
from dxpilot.providers.panels import Panel


def model_panel(user: Any, scenes: Sequence[str]) -> Panel | None:
    models = models_for_scenes(scenes)
    if not models:
        return None
    return Panel(
        "mechanisms/partials/catalogue_panel.html", {"models": models, "scenes": list(scenes)}
    )
