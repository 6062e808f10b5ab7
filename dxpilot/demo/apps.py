from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data generators (like Zulip's zilencer): never imported by the product."""

    name = "dxpilot.demo"
    verbose_name = "demo data"
