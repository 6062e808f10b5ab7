"""The running platform follows the loaded programme file: nothing Hefei-specific is hard-coded."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from dxpilot.accounts.models import Role
from dxpilot.accounts.services import create_user
from dxpilot.dashboard.selectors import fund_split
from dxpilot.enterprises.services import register_enterprise
from dxpilot.programs.models import Program
from dxpilot.testing import PASSWORD, World, client_for, enterprise_data, valid_code

WUHU = Path(__file__).parent / "fixtures" / "wuhu.yaml"


@pytest.fixture
def wuhu(db: None) -> Program:
    call_command("load_program", str(WUHU), stdout=StringIO())
    return Program.objects.get(key="wuhu")


def wuhu_admin() -> object:
    return create_user(actor=None, username="wang", password=PASSWORD, role=Role.CITY_ADMIN)


def test_the_programme_page_shows_the_second_citys_configuration(wuhu: Program) -> None:
    html = client_for(wuhu_admin()).get("/program/").content.decode()
    for text in ("芜湖市中小企业数字化转型城市试点", "鸠江区", "芜湖经济技术开发区", "机器人及智能装备",
                 "主承包服务商", "第三方支撑单位", "物联网传感器", "2026 年完成", "450,000"):  # fmt: skip
        assert text in html, text
    for hefei in ("蜀山区", "综合型", "合肥高新技术产业开发区"):
        assert hefei not in html, hefei


def test_the_home_page_shows_the_second_citys_targets(wuhu: Program) -> None:
    html = client_for(wuhu_admin()).get("/").content.decode()
    assert "芜湖市中小企业数字化转型城市试点" in html
    assert "培育数字化服务商" in html


def test_enterprises_register_against_the_second_citys_codes(wuhu: Program) -> None:
    admin = wuhu_admin()
    enterprise = register_enterprise(
        wuhu,
        enterprise_data(
            valid_code("91340207MA2WH0001"),
            "340207",
            industry_code="3491",
            segment_key="robots",
            zone_code="340271",
        ),
        actor=admin,  # type: ignore[arg-type]
    )
    assert enterprise.division.name == "鸠江区"
    assert enterprise.zone.short_name == "芜湖经开区"  # type: ignore[union-attr]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        register_enterprise(
            wuhu,
            enterprise_data(valid_code("91340104MA2WH0002"), "340104", segment_key="auto-parts"),
            actor=admin,  # type: ignore[arg-type]
        )
    assert info.value.message_dict["division_code"] == ["行政区划代码“340104”不在本试点方案中。"]
    assert info.value.message_dict["segment_key"] == ["细分行业“auto-parts”不在本试点方案中。"]


def test_the_fund_split_follows_the_programme(wuhu: Program) -> None:
    split = fund_split(wuhu)
    assert split.central_cap == Decimal(100_000_000)
    assert split.enterprise_min == Decimal("85000000.00")
    assert split.public_max == Decimal("15000000.00")


def test_hefei_figures_come_from_its_file(world: World) -> None:
    split = fund_split(world.program)
    assert split.enterprise_min == Decimal("120000000.00")


def test_the_api_serves_the_second_city(wuhu: Program) -> None:
    body = client_for(wuhu_admin()).get("/api/v1/program").json()
    assert body["key"] == "wuhu"
    assert len(body["divisions"]) == 9
    assert {s["key"] for s in body["segments"]} == {
        "robots", "batteries", "car-bodies", "nev-chain", "materials",
    }  # fmt: skip
