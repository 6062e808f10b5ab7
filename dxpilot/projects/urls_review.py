"""URLs of the review half: acceptance, subsidy, disbursement, flags, rating and follow-up.

Names other pages may link to: projects:acceptance (a project's acceptance page, <pk> of the
project), projects:acceptance-queue, projects:subsidies, projects:batches, projects:flags,
projects:followups, projects:finance-totals (the fund card, an HTMX partial)."""

from __future__ import annotations

from django.urls import path

from dxpilot.projects.views import finance, review, review_after, review_flags

urlpatterns = [
    path("acceptance/", review.acceptance_queue, name="acceptance-queue"),
    path("<int:pk>/acceptance/", review.acceptance_page, name="acceptance"),
    path("acceptance/mine/", review.my_acceptance, name="my-acceptance"),
    path("<int:pk>/acceptance/apply/", review.apply_for_acceptance, name="apply-acceptance"),
    path(
        "acceptance/<int:pk>/district-check/",
        review.pass_district_check,
        name="pass-district-check",
    ),
    path("acceptance/<int:pk>/return/", review.return_acceptance, name="return-acceptance"),
    path("acceptance/<int:pk>/expert/", review.assign_expert, name="assign-expert"),
    path("acceptance/<int:pk>/review/", review.review_acceptance, name="review-acceptance"),
    path("acceptance/<int:pk>/decision/", review.decide_acceptance, name="decide-acceptance"),
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
    path("flags/", review_flags.flag_list, name="flags"),
    path("flags/<int:pk>/resolve/", review_flags.resolve, name="resolve-flag"),
    path("<int:pk>/rating/", review_after.rate_provider, name="rate-provider"),
    path("<int:pk>/follow-up/", review_after.record_follow_up, name="record-follow-up"),
    path("follow-ups/", review_after.followup_list, name="followups"),
]
