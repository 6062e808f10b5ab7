"""Contract, investment, milestone and completion forms: exact messages next to the fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dxpilot.projects.models import Contract, InvestmentLine, Milestone, TransformationProject
from dxpilot.projects.tests.test_plan_support import (
    contracted,
    in_2025,
    open_project,
    submitted_evidence,
)
from dxpilot.testing import World, client_for

__all__ = ["in_2025"]


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def field_error(page: str, field: str) -> str:
    start = page.index(f'id="id_{field}_error"')
    return page[page.index(">", start) + 1 : page.index("</p>", start)]


def contract_form(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "provider": world.provider.pk, "number": "HT-W-1", "signed_on": "2025-05-26", "starts_on": "2025-05-27",
        "ends_on": "2025-11-30", "amount": "200000", "scope": "MES 生产管控\n设备联网",
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def project(world: World, in_2025: None) -> TransformationProject:
    project = open_project(world)
    submitted_evidence(world, project, "contract")
    return project


def test_filing_a_contract_through_the_form(world: World, project: TransformationProject) -> None:
    client = client_for(world.enterprise_user)
    assert "须在档案中提交" in client.get(f"/projects/{project.pk}/contracts/new/").content.decode()
    response = client.post(f"/projects/{project.pk}/contracts/new/", contract_form(world))
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert (contract.number, contract.scope) == ("HT-W-1", ["MES 生产管控", "设备联网"])


def test_refusals_appear_next_to_their_fields(world: World, project: TransformationProject) -> None:
    data = contract_form(world, signed_on="2023-12-01", ends_on="2025-05-01", amount="0")
    page = (
        client_for(world.enterprise_user)
        .post(f"/projects/{project.pk}/contracts/new/", data)
        .content.decode()
    )
    assert (
        field_error(page, "signed_on")
        == "合同签订日期 2023-12-01 不在试点方案规定的合同期 2024-01-01 至 2025-12-31 内。"
    )
    assert field_error(page, "ends_on") == "结束日期 2025-05-01 早于开始日期 2025-05-27。"
    assert field_error(page, "amount") == "合同金额应大于 0 元。"
    assert not Contract.objects.exists()


def test_investment_over_the_contract_is_shown_on_the_project_page(
    world: World, in_2025: None
) -> None:
    project, contract = contracted(world)
    data = {"contract": contract.pk, "category": "software", "description": "MES", "amount": "250000",
            "invoice_number": "FP1", "invoice_on": "2025-05-28"}  # fmt: skip
    page = (
        client_for(world.enterprise_user)
        .post(f"/projects/{project.pk}/investments/", data)
        .content.decode()
    )
    assert field_error(page, "amount") == (
        f"发票合计 250,000.00 元（已登记 0.00 元 + 本张 250,000.00 元）超过合同 {contract.number} 的金额 200,000.00 元。"
    )
    data.update(amount="1000", category="cloud")
    assert (
        client_for(world.enterprise_user)
        .post(f"/projects/{project.pk}/investments/", data)
        .status_code
        == 302
    )
    page = client_for(world.enterprise_user).get(f"/projects/{project.pk}/").content.decode()
    assert InvestmentLine.objects.get().eligible and "计入奖补（元）" in page


def test_milestones_move_the_project_to_implementing(world: World, in_2025: None) -> None:
    project, _contract = contracted(world)
    client = client_for(world.enterprise_user)
    assert (
        client.post(
            f"/projects/{project.pk}/milestones/", {"name": "上线", "planned_on": "2025-05-30"}
        ).status_code
        == 302
    )
    milestone = Milestone.objects.get()
    page = client.post(
        f"/projects/milestones/{milestone.pk}/done/", {"actual_on": "2025-07-01"}
    ).content.decode()
    assert "实际完成日期不能晚于今天。" in page
    assert (
        client.post(
            f"/projects/milestones/{milestone.pk}/done/", {"actual_on": "2025-05-31"}
        ).status_code
        == 302
    )
    project.refresh_from_db()
    assert project.status == "implementing"
    page = client.post(
        f"/projects/{project.pk}/complete/", {"completed_on": "2025-06-01"}
    ).content.decode()
    assert "请先在档案中提交“项目完工/总结报告”。" in page


def test_out_of_scope_and_wrong_role(world: World, project: TransformationProject) -> None:
    assert (
        client_for(world.officer_b)
        .post(f"/projects/{project.pk}/contracts/new/", contract_form(world))
        .status_code
        == 404
    )
    assert (
        client_for(world.finance)
        .post(f"/projects/{project.pk}/contracts/new/", contract_form(world))
        .status_code
        == 403
    )
    assert (
        client_for(world.enterprise_user).get(f"/projects/{project.pk}/milestones/").status_code
        == 405
    )
    assert not Contract.objects.exists()
