"""Exporters by key; each list of the platform adds one (providers and products as they land)."""

from __future__ import annotations

from dxpilot.exchange.exporters.assessments import AssessmentExporter
from dxpilot.exchange.exporters.base import Exporter as Exporter
from dxpilot.exchange.exporters.enterprises import EnterpriseExporter

EXPORTERS: dict[str, type[Exporter]] = {
    EnterpriseExporter.key: EnterpriseExporter,
    AssessmentExporter.key: AssessmentExporter,
}


def exporter_class(key: str) -> type[Exporter] | None:
    return EXPORTERS.get(key)
