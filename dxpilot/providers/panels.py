"""Sections that the apps built on providers add to the public catalogue's pages.

The catalogue cannot import the apps above it (the mechanism-model library, for one), yet a
visitor looking at a product wants what else serves the same business scenes. An app registers
a source in its AppConfig.ready(); the product page and the search results render, in order,
whatever panels those sources return for the viewer and the scenes on the page (None: nothing).

    panels.register(model_panel, order=10)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dxpilot.providers.models import Product


@dataclass(frozen=True)
class Panel:
    template: str  # rendered with the page context plus `panel` (this object's context)
    context: dict[str, Any] = field(default_factory=dict)


PanelSource = Callable[[Any, Sequence[str]], Panel | None]
_sources: list[tuple[int, PanelSource]] = []
# The search results name the scenes most of the page's products serve, at most this many.
RESULT_SCENES = 3


def register(source: PanelSource, *, order: int) -> PanelSource:
    if all(existing is not source for _order, existing in _sources):
        _sources.append((order, source))
        _sources.sort(key=lambda item: item[0])
    return source


def panels_for(user: Any, scenes: Sequence[str]) -> list[Panel]:
    if not scenes:
        return []
    panels = (source(user, scenes) for _order, source in _sources)
    return [panel for panel in panels if panel is not None]


def scenes_of(products: Iterable[Product], limit: int = RESULT_SCENES) -> list[str]:
    """The scenes most of these products (scenes prefetched) serve, most frequent first."""
    counts = Counter(s.scene for p in products for s in p.scenes.all())
    return [scene for scene, _n in counts.most_common(limit)]
