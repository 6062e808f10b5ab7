"""Reads for the diagnosis report (page and Word export) and the city-level level overview.

``build`` assembles one assessment's report from its stored score result, ``peers`` and
``history`` supply its benchmark and its earlier assessments, ``rows`` holds the dataclasses the
page template and ``docx`` read, and ``overview`` is the city-level level distribution.
"""

from __future__ import annotations

from dxpilot.assessment.report.build import build_report as build_report
from dxpilot.assessment.report.build import describe_value as describe_value
from dxpilot.assessment.report.build import draft_destination as draft_destination
from dxpilot.assessment.report.build import item_label as item_label
from dxpilot.assessment.report.overview import LevelOverview as LevelOverview
from dxpilot.assessment.report.overview import level_overview as level_overview
from dxpilot.assessment.report.overview import may_see_levels as may_see_levels
from dxpilot.assessment.report.peers import MIN_PEERS as MIN_PEERS
from dxpilot.assessment.report.peers import peer_benchmark as peer_benchmark
from dxpilot.assessment.report.rows import PeerBenchmark as PeerBenchmark
from dxpilot.assessment.report.rows import Report as Report
