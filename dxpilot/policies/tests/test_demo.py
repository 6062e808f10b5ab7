"""The demo world's policies and 数改贷 data: valid numbers, applicable policies, consistent
referrals (the demo steps write rows directly, so check them against the services' rules)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from dxpilot.finance.models import Referral, ReferralStatus
from dxpilot.policies.models import Policy, PolicyTerm
from dxpilot.policies.rules import parse_number
from dxpilot.policies.selectors import applicable_policies
from dxpilot.programs.models import Program

pytestmark = pytest.mark.django_db


def test_demo_policies_and_referrals_follow_the_rules(program: Program) -> None:
    call_command("demo_data", "--scale", "small", stdout=StringIO())
    policies = list(Policy.objects.filter(program=program))
    assert {"合政办〔2024〕12号", "财建〔2023〕117号"} <= {p.number for p in policies}
    for policy in policies:
        number, problems = parse_number(policy.number, issued_on=policy.issued_on)
        assert (number, problems) == (policy.number, []), policy.title
    assert any(p.expired for p in policies) and PolicyTerm.objects.exists()
    enterprise = program.enterprises.order_by("pk").first()
    assert enterprise is not None and applicable_policies(enterprise)
    referrals = list(Referral.objects.select_related("product"))
    assert referrals and all("identity" in r.fields for r in referrals)
    for r in referrals:
        if r.status == ReferralStatus.APPROVED:
            assert r.product.amount_min <= r.approved_amount <= r.product.amount_max
    # A second run adds nothing.
    before = (Policy.objects.count(), Referral.objects.count())
    call_command("demo_data", "--scale", "small", stdout=StringIO())
    assert (Policy.objects.count(), Referral.objects.count()) == before
