"""Sections that the apps built on enterprises add to the enterprise page.

The enterprise app sits below assessment, projects and the services: it cannot import them, yet
its page is where an official looks at everything about one enterprise. An app registers a
source in its AppConfig.ready(); the page renders, in order, whatever panels those sources
return for the viewer (None: nothing to show to this viewer).

    panels.register(assessment_panel, order=10)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dxpilot.enterprises.models import Enterprise


@dataclass(frozen=True)
class Panel:
    template: str  # rendered with the page context plus `panel` (this object's context)
    context: dict[str, Any] = field(default_factory=dict)


PanelSource = Callable[[Any, Enterprise], Panel | None]
_sources: list[tuple[int, PanelSource]] = []


def register(source: PanelSource, *, order: int) -> PanelSource:
    if all(existing is not source for _order, existing in _sources):
        _sources.append((order, source))
        _sources.sort(key=lambda item: item[0])
    return source


def panels_for(user: Any, enterprise: Enterprise) -> list[Panel]:
    panels = (source(user, enterprise) for _order, source in _sources)
    return [panel for panel in panels if panel is not None]
