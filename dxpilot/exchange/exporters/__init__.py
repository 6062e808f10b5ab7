"""Exporters by key: one per list of the platform."""

from __future__ import annotations

from dxpilot.exchange.exporters.assessments import AssessmentExporter
from dxpilot.exchange.exporters.base import Exporter as Exporter
from dxpilot.exchange.exporters.enterprises import EnterpriseExporter
from dxpilot.exchange.exporters.park_events import ParkEventExporter
from dxpilot.exchange.exporters.providers import ProductExporter, ProviderExporter

EXPORTERS: dict[str, type[Exporter]] = {
    EnterpriseExporter.key: EnterpriseExporter,
    AssessmentExporter.key: AssessmentExporter,
    ProviderExporter.key: ProviderExporter,
    ProductExporter.key: ProductExporter,
    ParkEventExporter.key: ParkEventExporter,
}


def exporter_class(key: str) -> type[Exporter] | None:
    return EXPORTERS.get(key)
