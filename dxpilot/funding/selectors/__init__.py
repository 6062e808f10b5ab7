"""Reads for acceptance and funding (acceptance, subsidy, disbursement, flags, follow-up) and their data
scope. Each scope follows `visible_projects`, the one project scope, narrowed by role: the
finance office sees subsidies and acceptance status but no assessment internals; flags are for
the city and the districts only; providers and assessors see no money.

Queues and totals are a fixed number of queries at any scale (DESIGN §7): joins by
select_related, counts and sums aggregated in the database, lists paginated by the views.
"""

from __future__ import annotations

from dxpilot.funding.selectors.acceptance import (
    DeadlineAlert,
    acceptance_counts,
    acceptance_queue,
    assessor_choices,
    contracted_providers,
    deadline_alerts,
    default_queue_status,
    get_acceptance_for_user,
    project_acceptances,
    project_ratings,
    visible_acceptances,
)
from dxpilot.funding.selectors.common import (
    FLAG_ROLES,
    MONEY_ROLES,
    QUEUE_ROLES,
)
from dxpilot.funding.selectors.flags import (
    flag_counts,
    flag_list,
    get_flag_for_user,
    project_flags,
    visible_flags,
)
from dxpilot.funding.selectors.followups import (
    followup_list,
    followup_totals,
    visible_followups,
)
from dxpilot.funding.selectors.money import (
    FundTotals,
    addable_subsidies,
    batch_list,
    batch_rows,
    fund_totals,
    get_batch_for_user,
    get_subsidy_for_user,
    subsidy_counts,
    subsidy_disbursements,
    subsidy_list,
    visible_batches,
    visible_subsidies,
)

__all__ = [
    "FLAG_ROLES",
    "MONEY_ROLES",
    "QUEUE_ROLES",
    "DeadlineAlert",
    "FundTotals",
    "acceptance_counts",
    "acceptance_queue",
    "addable_subsidies",
    "assessor_choices",
    "batch_list",
    "batch_rows",
    "contracted_providers",
    "deadline_alerts",
    "default_queue_status",
    "flag_counts",
    "flag_list",
    "followup_list",
    "followup_totals",
    "fund_totals",
    "get_acceptance_for_user",
    "get_batch_for_user",
    "get_flag_for_user",
    "get_subsidy_for_user",
    "project_acceptances",
    "project_flags",
    "project_ratings",
    "subsidy_counts",
    "subsidy_disbursements",
    "subsidy_list",
    "visible_acceptances",
    "visible_batches",
    "visible_flags",
    "visible_followups",
    "visible_subsidies",
]
