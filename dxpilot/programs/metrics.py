"""The KPI metrics a programme target may name; the dashboard computes each from data.

A target without a metric has no data source in the platform yet and is shown as such,
never typed in by hand (DESIGN §2 dashboard: "KPIs computed from data").
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

METRICS = {
    "pilot_enterprises_at_level": _("达到指定等级的试点企业数（最近一次现场评测）"),
    "above_scale_share_at_level": _("规上企业中达到指定等级的比例（按细分行业）"),
    "listed_products": _("已上架的“小快轻准”产品数"),
    "excellent_products": _("优秀产品数"),
    "revenue_growth": _("已跟踪试点企业营业收入合计增长率"),
    "output_per_mu_growth": _("已跟踪试点企业亩均营业收入增长率"),
}
# Parameters a metric accepts, with their defaults.
METRIC_PARAMS: dict[str, dict[str, int]] = {
    "pilot_enterprises_at_level": {"min_level": 2},
    "above_scale_share_at_level": {"min_level": 2},
}
