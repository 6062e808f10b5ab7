"""Importers by key. Providers and products add theirs here when their write services exist."""

from __future__ import annotations

from dxpilot.exchange.importers.base import Importer as Importer
from dxpilot.exchange.importers.enterprises import EnterpriseImporter

IMPORTERS: dict[str, type[Importer]] = {EnterpriseImporter.key: EnterpriseImporter}


def importer_class(key: str) -> type[Importer] | None:
    return IMPORTERS.get(key)
