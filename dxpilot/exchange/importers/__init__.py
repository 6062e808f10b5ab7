"""Importers by key. Providers are not imported: they apply themselves (quota, review)."""

from __future__ import annotations

from dxpilot.exchange.importers.attendance import AttendanceImporter
from dxpilot.exchange.importers.base import Importer as Importer
from dxpilot.exchange.importers.enterprises import EnterpriseImporter
from dxpilot.exchange.importers.products import ProductImporter
from dxpilot.exchange.importers.upgrades import UpgradeImporter

IMPORTERS: dict[str, type[Importer]] = {
    EnterpriseImporter.key: EnterpriseImporter,
    ProductImporter.key: ProductImporter,
    AttendanceImporter.key: AttendanceImporter,
    UpgradeImporter.key: UpgradeImporter,
}


def importer_class(key: str) -> type[Importer] | None:
    return IMPORTERS.get(key)
