"""Links that later steps add to the project page, so the project app never names them.

An app that builds on projects (funding: acceptance and subsidy) registers a function in its
AppConfig.ready(); the project page shows whatever links those functions return for the viewer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from dxpilot.projects.models import TransformationProject


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str


LinkSource = Callable[[TransformationProject, Any], Iterable[PageLink]]
_sources: list[LinkSource] = []


def register(source: LinkSource) -> LinkSource:
    if source not in _sources:
        _sources.append(source)
    return source


def links_for(project: TransformationProject, user: Any) -> list[PageLink]:
    return [link for source in _sources for link in source(project, user)]
