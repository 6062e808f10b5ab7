"""The enterprise API routers: the registry (/enterprises) and applications (/applications)."""

from dxpilot.enterprises.api.applications import router as applications_router
from dxpilot.enterprises.api.registry import router as router

__all__ = ["applications_router", "router"]
