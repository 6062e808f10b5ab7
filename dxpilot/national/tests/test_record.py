"""One enterprise's national record, checked by hand against the standard funding case
(dxpilot/funding/tests/cases.py): a pilot in 蜀山区 with a locked T0 at 一级 (2025-03-05), a
filed contract of 600,000 元 with 测试数字科技有限公司 (2025-03-10 … 2025-06-30), 500,000 元 of
eligible lines (software 300,000 + cloud 120,000 + devices 80,000; consulting 80,000 does not
count), completion on 2025-06-30, a locked T1 at 二级 (2025-07-10), acceptance, a subsidy of
500,000 × 40 % = 200,000 元 approved and paid in one settlement batch.

The answer sheet of both assessments (assessment/tests/test_report_support.ANSWERS) scores, by
the option table of indicator set 2024: 数字化基础 22.50 (B1.1 B+C 4, B1.2 D 6, B1.3 C 4, B2.1
B…F 2.5, B3.1 C 5, B4.1 B 0.5, B4.2 B 0.5), 数字化管理 9.75, 数字化成效 10.00 — 42.25 in all.
T0's scenes: 2 at 二级, the other 14 at 一级, so at its level (一级) all 16 scenes count: 10 of
them are 约束性 (the edition's default set), 6 指导性. T1's: 6 scenes at 二级, all 约束性."""

from __future__ import annotations

from typing import Any

from dxpilot.funding.services.disbursement import (
    add_to_batch,
    approve_batch,
    create_batch,
    pay_batch,
)
from dxpilot.funding.services.subsidy import approve_subsidy, compute_project_subsidy
from dxpilot.funding.tests.cases import accepted_case, clock
from dxpilot.national import services
from dxpilot.testing import World

__all__ = ["clock"]


def test_the_record_of_a_subsidised_pilot(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    subsidy = compute_project_subsidy(case.project.pk, actor=world.city_admin)
    approve_subsidy(subsidy.pk, actor=world.city_admin)
    batch = create_batch(
        actor=world.finance, program=world.program, name="2025年第一批奖补", stage="settlement"
    )
    add_to_batch(batch.pk, actor=world.finance, subsidy_ids=[subsidy.pk])
    approve_batch(batch.pk, actor=world.finance)
    pay_batch(batch.pk, actor=world.finance)

    submission = services.create_submission(world.program, actor=world.city_admin)
    [record] = submission.records.all()
    enterprise = world.enterprise_a
    assert record.key == enterprise.credit_code
    assert record.payload == {
        "entName": enterprise.name,
        "creditCode": enterprise.credit_code,
        "areaCode": "340104",
        "areaName": "蜀山区",
        "zoneName": None,
        "registerAddress": None,
        "establishDate": None,
        "contactName": "张*",
        "contactPhone": "138****5678",
        "industryCode": "3670",
        "industry": "汽车零部件及配件制造",
        "subdivideIndustry": "汽车零部件及配件制造",
        "enterpriseNature": "2",
        "enterSize": "2",
        "statisticalScale": "2",
        "enterpriseSituation": "1",
        "beforeLevel": 1,
        "beforeBasicScore": "22.50",
        "beforeManageScore": "9.75",
        "beforeEffectScore": "10.00",
        "beforeConstraintScene": 10,
        "beforeGuideScene": 6,
        "afterLevel": 2,
        "afterBasicScore": "22.50",
        "afterManageScore": "9.75",
        "afterEffectScore": "10.00",
        "afterConstraintScene": 6,
        "afterGuideScene": 0,
        "projectName": case.project.title,
        "projectStage": "08",
        "contractStartDate": "2025-03-10",
        "contractEndDate": "2025-06-30",
        "transEndDate": "2025-06-30",
        "providerName": "测试数字科技有限公司",
        "contractAmount": "600000.00",
        "transInvestment": "500000.00",
        "subsidyApproved": "200000.00",
        "subsidyPaid": "200000.00",
    }
