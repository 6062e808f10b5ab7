"""Issue 10 item 3: an official schedules a park event, sees it on the calendar, cannot mark it
held before its date, marks it held once the day has passed, and the park_events count rises."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from dxpilot.parks.models import EventStatus, ParkEvent
from dxpilot.parks.services import ParkData, register_park
from dxpilot.programs.models import Segment
from dxpilot.testing import World, open_nav

pytestmark = pytest.mark.browser

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def kpi_row(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("table.kpis tbody tr", has_text="“政策进园区”等活动")


def test_an_official_schedules_an_event_and_marks_it_held_after_its_date(
    world: World, page: Page, login: Login, url: Callable[[str], str], shot: Shot
) -> None:
    with time_machine.travel(datetime(2025, 6, 2, 9, 0, tzinfo=SHANGHAI), tick=True) as clock:
        register_park(
            world.program,
            ParkData(name="蜀山经开区智能装备产业园", division_id=world.division_a.pk,
                     segment_id=Segment.objects.get(program=world.program, key="auto-parts").pk,
                     enterprise_codes=[world.enterprise_a.credit_code]),
            actor=world.city_admin,
        )  # fmt: skip
        login(page, "bob")
        expect(kpi_row(page)).to_contain_text("0 场")
        open_nav(page, "/parks/")
        expect(page.locator("h1")).to_have_text("园区名录")
        expect(page.locator("#park-rows")).to_contain_text("蜀山经开区智能装备产业园")
        page.click(".sub-nav a[href='/parks/events/new/']")
        # A refusal first: a date outside the programme period, nothing written.
        page.select_option("#id_park", label="蜀山经开区智能装备产业园")
        page.select_option("#id_kind", label="标识进园区")
        page.fill("#id_title", "工业互联网标识解析进园区")
        page.fill("#id_held_on", "2026-01-15")
        page.fill("#id_organiser", "蜀山区经信局")
        page.fill("#id_planned_attendance", "80")
        page.click("#event-form button[type=submit]")
        expect(page.locator("#id_held_on_error")).to_have_text(
            "日期须在试点期内（2024-01-01 至 2025-12-31）。"
        )
        assert not ParkEvent.objects.exists()
        page.fill("#id_held_on", "2025-06-10")
        page.click("#event-form button[type=submit]")
        expect(page.locator(".messages")).to_contain_text(
            "已安排园区活动“工业互联网标识解析进园区”。"
        )
        expect(page.locator("#event-status")).to_have_text("已安排")

        page.click(".sub-nav a[href='/parks/events/calendar/']")
        expect(page.locator("#calendar-title")).to_have_text("2025 年 6 月（1 场活动）")
        day = page.locator("td[data-date='2025-06-10']")
        expect(day.locator(".calendar-event")).to_have_text("工业互联网标识解析进园区")
        # Month navigation by HTMX, and back.
        page.click("#calendar-next")
        expect(page.locator("#calendar-title")).to_have_text("2025 年 7 月（0 场活动）")
        page.click("#calendar-previous")
        expect(page.locator("#calendar-title")).to_have_text("2025 年 6 月（1 场活动）")
        shot(page, "parks-calendar")

        # Before its date the event cannot be marked held.
        day.locator(".calendar-event").click()
        expect(page.locator("h1")).to_have_text("工业互联网标识解析进园区")
        event_url = page.url
        page.fill("#id_actual_attendance", "66")
        page.click("#mark-held")
        expect(page.locator("#held-form")).to_contain_text(
            "活动日期 2025-06-10 尚未到来，不能登记为已举办。"
        )
        assert ParkEvent.objects.get().status == EventStatus.SCHEDULED

        # Two days after the event (the idle session has expired meanwhile: log in again).
        clock.move_to(datetime(2025, 6, 12, 9, 0, tzinfo=SHANGHAI))
        page.context.clear_cookies()
        login(page, "bob")
        page.goto(event_url)
        page.fill("#id_actual_attendance", "66")
        page.click("#mark-held")
        expect(page.locator(".messages")).to_contain_text("已登记活动已举办。")
        expect(page.locator("#event-status")).to_have_text("已举办")
        expect(page.locator("#event-attendance")).to_have_text("66")
        page.goto(url("/parks/events/calendar/?month=2025-06"))
        expect(page.locator("td[data-date='2025-06-10'] .calendar-held")).to_have_count(1)
        shot(page, "parks-calendar-held")
        page.goto(url("/"))
        expect(kpi_row(page)).to_contain_text("1 场")
