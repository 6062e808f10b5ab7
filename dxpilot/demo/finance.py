"""Demo 数改贷: banks with products for pilot enterprises (§五.4) and referrals from enterprises
with a demo login, each with its consent, some approved, some declined, one revoked.

A step of dxpilot.demo.world. Deterministic: its own seeded generator over enterprise users in
primary-key order. The demo enterprise keeps no referral, so it can ask for its first one. Bank
API clients are not created here: the city admin issues a bank's token on the banks page. A
programme that already has banks is left alone, so a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone, translation

from dxpilot.accounts.models import Role, User
from dxpilot.accounts.selectors import DEMO_PASSWORD
from dxpilot.demo import names
from dxpilot.enterprises.models import Enterprise
from dxpilot.finance.models import Bank, FinanceProduct, Referral, ReferralStatus
from dxpilot.finance.rules import SHARED_FIELDS, consent_text

# (bank, product, amount min, max (万元), rate min, max (%), term (months), conditions)
PRODUCTS: tuple[tuple[str, str, int, int, str, str, int, str], ...] = (
    ("徽商银行合肥分行", "数改贷", 50, 1000, "2.90", "3.45", 36,
     "纳入市级中小企业数字化转型试点的企业；已签订数字化改造合同；信用记录良好。"),
    ("徽商银行合肥分行", "数改设备贷", 100, 3000, "3.10", "3.80", 60,
     "用于数据采集设备、工业软件与云服务等改造投入；可用设备抵押。"),
    ("合肥科技农村商业银行", "科创数改贷", 20, 500, "3.20", "3.95", 24,
     "专精特新中小企业优先；数字化水平评测二级及以上可提高额度。"),
    ("中国工商银行合肥分行", "数字化转型专项贷", 100, 2000, "2.80", "3.30", 48,
     "规上工业中小企业；改造方案经主管部门备案。"),
)  # fmt: skip
FIELD_SETS = (
    ("identity", "revenue", "size"),
    ("identity", "contact", "industry", "level"),
    ("identity", "location", "pilot", "revenue"),
    tuple(SHARED_FIELDS),
)
DECLINE_REASONS = ("资产负债率偏高，建议补充担保后再申请。", "改造合同尚未备案，暂不满足产品条件。")


def _referring_users(program: Any, wanted: int) -> list[User]:
    """Logins of pilot enterprises to consent with (created with the demo password where an
    enterprise has none yet); never the demo enterprise, which keeps its first request to do."""
    taken = User.objects.filter(role=Role.ENTERPRISE, enterprise__isnull=False)
    free = list(
        Enterprise.objects.filter(program=program, is_pilot=True)
        .exclude(pk__in=taken.values("enterprise_id"))
        .order_by("pk")
        .values_list("pk", flat=True)[:wanted]
    )
    password = make_password(DEMO_PASSWORD)
    User.objects.bulk_create(
        [
            User(username=f"demo-enterprise-{pk}", role=Role.ENTERPRISE, enterprise_id=pk,
                 password=password, display_name=names.person_name(random.Random(pk)))
            for pk in free
        ],
        ignore_conflicts=True,
    )  # fmt: skip
    return list(
        User.objects.filter(role=Role.ENTERPRISE, enterprise__program=program)
        .exclude(username="demo-enterprise")
        .order_by("pk")[:wanted]
    )


def create_finance(world: Any) -> None:
    program = world.program
    if Bank.objects.filter(program=program).exists():
        return
    rng = random.Random(f"finance-{program.key}")
    banks: dict[str, Bank] = {}
    products = []
    for bank_name, name, low, high, rate_low, rate_high, term, conditions in PRODUCTS:
        if bank_name not in banks:
            banks[bank_name] = Bank.objects.create(program=program, name=bank_name)
        products.append(
            FinanceProduct(
                bank=banks[bank_name],
                name=name,
                amount_min=Decimal(low),
                amount_max=Decimal(high),
                rate_min=Decimal(rate_low),
                rate_max=Decimal(rate_high),
                term_months=term,
                conditions=conditions,
            )
        )
    FinanceProduct.objects.bulk_create(products)
    world.counts["banks"] = len(banks)
    world.counts["finance_products"] = len(products)
    users = _referring_users(program, max(8, world.scale.users // 20))
    now, referrals = timezone.now(), []
    with translation.override("zh-hans"):  # the consent is stored in the words it was given
        for n, user in enumerate(users):
            if user.enterprise_id is None:
                continue
            product = products[n % len(products)]
            fields = list(FIELD_SETS[n % len(FIELD_SETS)])
            at = now - timedelta(days=rng.randint(5, 300))
            referral = Referral(
                enterprise_id=user.enterprise_id, product=product, fields=fields,
                consent_text=consent_text(bank=product.bank.name, product=product.name, fields=fields),
                consented_by=user, consented_at=at,
            )  # fmt: skip
            roll = rng.random()
            if roll < 0.45:
                referral.status = ReferralStatus.APPROVED
                referral.approved_amount = Decimal(
                    rng.randint(int(product.amount_min), int(product.amount_max) // 2)
                )
                referral.decided_at = at + timedelta(days=rng.randint(2, 10))
            elif roll < 0.65:
                referral.status = ReferralStatus.DECLINED
                referral.decline_reason = rng.choice(DECLINE_REASONS)
                referral.decided_at = at + timedelta(days=rng.randint(2, 10))
            elif roll < 0.75:
                referral.revoked_at = at + timedelta(days=1)
            referrals.append(referral)
    Referral.objects.bulk_create(referrals)
    world.counts["finance_referrals"] = len(referrals)
