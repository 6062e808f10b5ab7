"""Acceptance, subsidy, disbursement, flags, rating and follow-up, mounted under /projects/.

Names other pages may link to: funding:acceptance (a project's acceptance page, <pk> of the
project), funding:acceptance-queue, funding:subsidies, funding:batches, funding:flags,
funding:followups, funding:finance-totals (the fund card, an HTMX partial)."""

from __future__ import annotations

from django.urls import path

from dxpilot.funding.views import acceptance, finance, flags, followup

app_name = "funding"

urlpatterns = [
    path("acceptance/", acceptance.acceptance_queue, name="acceptance-queue"),
    path("<int:pk>/acceptance/", acceptance.acceptance_page, name="acceptance"),
    path("acceptance/mine/", acceptance.my_acceptance, name="my-acceptance"),
    path("<int:pk>/acceptance/apply/", acceptance.apply_for_acceptance, name="apply-acceptance"),
    path(
        "acceptance/<int:pk>/district-check/",
        acceptance.pass_district_check,
        name="pass-district-check",
    ),
    path("acceptance/<int:pk>/return/", acceptance.return_acceptance, name="return-acceptance"),
    path("acceptance/<int:pk>/expert/", acceptance.assign_expert, name="assign-expert"),
    path("acceptance/<int:pk>/review/", acceptance.review_acceptance, name="review-acceptance"),
    path("acceptance/<int:pk>/decision/", acceptance.decide_acceptance, name="decide-acceptance"),
    path("<int:pk>/subsidy/compute/", finance.compute_subsidy, name="compute-subsidy"),
    path("subsidies/", finance.subsidy_list, name="subsidies"),
    path("subsidies/<int:pk>/", finance.subsidy_detail, name="subsidy"),
    path("subsidies/<int:pk>/approve/", finance.approve_subsidy, name="approve-subsidy"),
    path("finance/totals/", finance.finance_totals, name="finance-totals"),
    path("disbursements/", finance.batch_list, name="batches"),
    path("disbursements/<int:pk>/", finance.batch_detail, name="batch"),
    path("disbursements/<int:pk>/add/", finance.add_to_batch, name="add-to-batch"),
    path("disbursements/<int:pk>/approve/", finance.approve_batch, name="approve-batch"),
    path("disbursements/<int:pk>/pay/", finance.pay_batch, name="pay-batch"),
    path("flags/", flags.flag_list, name="flags"),
    path("flags/<int:pk>/resolve/", flags.resolve, name="resolve-flag"),
    path("<int:pk>/rating/", followup.rate_provider, name="rate-provider"),
    path("<int:pk>/follow-up/", followup.record_follow_up, name="record-follow-up"),
    path("follow-ups/", followup.followup_list, name="followups"),
]
