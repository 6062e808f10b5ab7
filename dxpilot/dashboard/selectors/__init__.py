"""Reads of the dashboard: the home page of each role (home), the city and district dashboard's
figures (figures) and the drill-down lists behind them (drill), all within the viewer's scope."""

from dxpilot.dashboard.selectors.home import (
    FundSplit,
    chart_series,
    enterprise_counts_public,
    fund_split,
    home_context,
    program_targets,
)

__all__ = [
    "FundSplit",
    "chart_series",
    "enterprise_counts_public",
    "fund_split",
    "home_context",
    "program_targets",
]
