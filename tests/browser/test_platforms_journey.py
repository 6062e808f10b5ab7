"""Issue 10 item 1: an enterprise records its 上云上平台 and the district officer sees the
coverage of pilot enterprises go up."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from dxpilot.accounts.models import Role
from dxpilot.accounts.services import create_user
from dxpilot.enterprises.services import register_enterprise
from dxpilot.platforms.models import CloudAdoption
from dxpilot.platforms.services import PlatformData, register_platform
from dxpilot.testing import PASSWORD, World, enterprise_data, open_nav, valid_code

pytestmark = pytest.mark.browser

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]


def test_an_enterprise_records_its_cloud_adoption_and_coverage_rises(
    world: World, page: Page, login: Login, url: Callable[[str], str], shot: Shot
) -> None:
    pilot = register_enterprise(
        world.program,
        enterprise_data(
            valid_code("91340104MA2TEQ010"),
            "340104",
            name="合肥上云样板制造有限公司",
            is_pilot=True,
        ),
        actor=world.city_admin,
    )
    create_user(actor=None, username="ivy", password=PASSWORD, role=Role.ENTERPRISE,
                enterprise_id=pilot.pk)  # fmt: skip
    register_platform(
        world.program,
        PlatformData(name="庐州工业互联网平台", operator="庐州智造科技有限公司",
                     kind="industrial_internet", level="provincial", segment_keys=("auto-parts",)),
        actor=world.city_admin,
    )  # fmt: skip

    login(page, "bob")
    page.goto(url("/platforms/"))
    expect(page.locator("h1")).to_have_text("平台名录")
    page.click(".sub-nav a[href='/platforms/coverage/']")
    expect(page.locator("#coverage-covered")).to_have_text("0 / 1")
    expect(page.locator("#coverage-percent")).to_have_text("0.0%")

    page.context.clear_cookies()
    login(page, "ivy")
    open_nav(page, "/platforms/mine/")
    expect(page.locator("h1")).to_have_text("合肥上云样板制造有限公司：上云上平台")
    expect(page.locator("#adoptions")).to_contain_text("尚未登记上云上平台记录。")
    # A refusal first: no platform and no service named, nothing written.
    page.fill("#id_since", "2024-09-01")
    page.click("#record-adoption")
    expect(page.locator("#adoption-form")).to_contain_text("请选择平台，或填写所用云服务的名称。")
    expect(page.locator("#adoption-form")).to_contain_text("请至少选择一个应用场景。")
    assert not CloudAdoption.objects.exists()
    page.select_option("#id_platform", label="庐州工业互联网平台")
    page.fill("#id_since", "2024-09-01")
    page.check("input[name=scenes][value='S2.1']")
    page.check("input[name=scenes][value='S2.2']")
    page.click("#record-adoption")
    expect(page.locator(".messages")).to_contain_text("已登记上云上平台记录。")
    rows = page.locator("#adoptions tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("庐州工业互联网平台")
    expect(rows.first).to_contain_text("计划排程、生产管控")
    expect(rows.first).to_contain_text("企业填报")
    shot(page, "platforms-enterprise-adoption")

    page.context.clear_cookies()
    login(page, "bob")
    page.goto(url("/platforms/coverage/"))
    expect(page.locator("#coverage-covered")).to_have_text("1 / 1")
    expect(page.locator("#coverage-percent")).to_have_text("100.0%")
    expect(page.locator("#by-division")).to_contain_text("蜀山区")
    shot(page, "platforms-coverage")
