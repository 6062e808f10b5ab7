"""Signals the project app sends so that later steps can react without the project app knowing
them (one-way imports: funding depends on projects, never the reverse)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after the transaction that changed a project's contracts, investment lines or archive
# has committed; keyword argument: project_id. The funding app re-runs its fraud detectors.
project_records_changed = Signal()
