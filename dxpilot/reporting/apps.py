from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "dxpilot.reporting"
    verbose_name = _("通报与绩效评价")
