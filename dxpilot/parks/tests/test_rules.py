"""The rules of parks and events: dates, attendance, who may act, every problem named at once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.audit.models import AuditEntry
from dxpilot.parks import services
from dxpilot.parks.models import EventStatus, Park, ParkEvent
from dxpilot.parks.tests.factories import event_data, make_event, make_park
from dxpilot.testing import World


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


class TestMarkHeld:
    def test_an_event_is_marked_held_once_its_date_has_come(self, world: World) -> None:
        event = make_event(world, make_park(world), held_on=date(2025, 6, 2))
        services.mark_held(event.pk, actual_attendance=64, actor=world.officer_a)
        event.refresh_from_db()
        assert event.status == EventStatus.HELD and event.actual_attendance == 64
        assert event.closed_by == world.officer_a
        entry = AuditEntry.objects.filter(action="parks.event_held").get()
        assert entry.changes["actual_attendance"] == [None, 64]

    def test_an_event_before_its_date_is_refused(self, world: World) -> None:
        event = make_event(world, make_park(world), held_on=date(2025, 6, 3))
        with pytest.raises(ValidationError) as exc:
            services.mark_held(event.pk, actual_attendance=30, actor=world.city_admin)
        assert messages(exc)["held_on"] == ["活动日期 2025-06-03 尚未到来，不能登记为已举办。"]
        event.refresh_from_db()
        assert event.status == EventStatus.SCHEDULED and event.actual_attendance is None

    def test_a_future_event_without_attendance_names_both_problems(self, world: World) -> None:
        event = make_event(world, make_park(world), held_on=date(2025, 9, 1))
        with pytest.raises(ValidationError) as exc:
            services.mark_held(event.pk, actual_attendance=None, actor=world.city_admin)
        assert messages(exc) == {
            "actual_attendance": ["登记已举办须填写实际参加人数。"],
            "held_on": ["活动日期 2025-09-01 尚未到来，不能登记为已举办。"],
        }
        assert not AuditEntry.objects.filter(action="parks.event_held").exists()

    def test_zero_attendance_is_refused(self, world: World) -> None:
        event = make_event(world, make_park(world))
        with pytest.raises(ValidationError) as exc:
            services.mark_held(event.pk, actual_attendance=0, actor=world.city_admin)
        assert messages(exc)["actual_attendance"] == ["“实际参加人数”不能小于 1。"]

    def test_a_held_event_is_closed(self, world: World) -> None:
        event = make_event(world, make_park(world))
        services.mark_held(event.pk, actual_attendance=10, actor=world.city_admin)
        with pytest.raises(ValidationError) as exc:
            services.mark_held(event.pk, actual_attendance=12, actor=world.city_admin)
        assert messages(exc)["status"] == ["该活动的状态为“已举办”，不能再修改。"]
        with pytest.raises(ValidationError):
            services.cancel_event(event.pk, reason="天气原因", actor=world.city_admin)
        with pytest.raises(ValidationError):
            services.update_event(event.pk, event_data(event.park), actor=world.city_admin)

    def test_a_cancelled_event_cannot_be_held(self, world: World) -> None:
        event = make_event(world, make_park(world))
        with pytest.raises(ValidationError) as exc:
            services.cancel_event(event.pk, reason="  ", actor=world.city_admin)
        assert messages(exc)["cancel_reason"] == ["“取消原因”不能为空。"]
        services.cancel_event(event.pk, reason="场地调整", actor=world.city_admin)
        with pytest.raises(ValidationError):
            services.mark_held(event.pk, actual_attendance=5, actor=world.city_admin)
        event.refresh_from_db()
        assert event.status == EventStatus.CANCELLED and event.cancel_reason == "场地调整"


class TestScheduling:
    def test_every_problem_is_named_and_nothing_written(self, world: World) -> None:
        park = make_park(world)
        data = event_data(
            park, kind="party", title=" \u200b", held_on=date(2026, 3, 1), organiser="",
            planned_attendance=0,
        )  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            services.schedule_event(data, actor=world.city_admin)
        errors = messages(exc)
        assert errors["kind"] == ["活动类型“party”无效。"]
        assert errors["title"] == ["“活动名称”只含有不可见字符，请填写内容。"]
        assert errors["organiser"] == ["“主办单位”不能为空。"]
        assert errors["planned_attendance"] == ["“计划参加人数”不能小于 1。"]
        assert errors["held_on"] == ["日期须在试点期内（2024-01-01 至 2025-12-31）。"]
        assert not ParkEvent.objects.exists()

    def test_a_district_officer_schedules_only_for_parks_of_their_divisions(
        self, world: World
    ) -> None:
        park_b = make_park(world, world.division_b)
        with pytest.raises(ValidationError) as exc:
            services.schedule_event(event_data(park_b), actor=world.officer_a)
        assert messages(exc)["park"] == ["只能为您管辖区域内的园区安排活动。"]
        make_event(world, park_b, actor=world.officer_b)
        event = ParkEvent.objects.get()
        with pytest.raises(PermissionDenied):
            services.mark_held(event.pk, actual_attendance=5, actor=world.officer_a)
        with pytest.raises(PermissionDenied):
            services.schedule_event(event_data(park_b), actor=world.finance)

    def test_an_event_may_not_move_to_a_park_out_of_scope(self, world: World) -> None:
        event = make_event(world, make_park(world), actor=world.officer_a)
        park_b = make_park(world, world.division_b)
        with pytest.raises(ValidationError) as exc:
            services.update_event(event.pk, event_data(park_b), actor=world.officer_a)
        assert "park" in messages(exc)
        event.refresh_from_db()
        assert event.park_id != park_b.pk


class TestParks:
    def test_an_officer_registers_a_park_in_their_division_with_its_enterprises(
        self, world: World
    ) -> None:
        park = make_park(
            world, actor=world.officer_a, enterprise_codes=[world.enterprise_a.credit_code.lower()]
        )
        assert list(park.enterprises.all()) == [world.enterprise_a]
        entry = AuditEntry.objects.get(action="parks.park_create")
        assert entry.changes["enterprises"] == [None, [world.enterprise_a.pk]]

    def test_every_problem_of_a_park_is_named(self, world: World) -> None:
        with pytest.raises(ValidationError) as exc:
            make_park(
                world,
                world.division_b,
                actor=world.officer_a,
                is_pilot=True,
                designated_on=date(2025, 5, 1),
                enterprise_codes=["91340100MA2XXXXX0X", world.enterprise_a.credit_code],
                segment_id=None,
            )
        errors = messages(exc)
        assert errors["division"] == ["只能登记您管辖的区域（蜀山区）内的园区。"]
        assert errors["segment"] == ["请选择本试点方案中的细分行业。"]
        assert errors["is_pilot"] == ["“一区一业一样板”试点园区由市级管理员认定。"]
        assert errors["enterprises"] == [
            "以下统一社会信用代码不在本试点的企业名录中：91340100MA2XXXXX0X。",
            f"以下企业不在园区所在的“包河区”：{world.enterprise_a.name}。",
        ]
        assert not Park.objects.exists()

    def test_a_pilot_park_needs_its_designation_date(self, world: World) -> None:
        with pytest.raises(ValidationError) as exc:
            make_park(world, is_pilot=True)
        assert messages(exc)["designated_on"] == ["日期须在试点期内（2024-01-01 至 2025-12-31）。"]
        with pytest.raises(ValidationError) as exc:
            make_park(world, designated_on=date(2024, 5, 1))
        assert messages(exc)["designated_on"] == ["只有试点园区填写认定日期。"]
        with pytest.raises(ValidationError) as exc:
            make_park(world, is_pilot=True, designated_on=date(2025, 7, 1))
        assert messages(exc)["designated_on"] == ["认定日期不能晚于今天。"]

    def test_an_officer_keeps_a_pilot_park_pilot_when_editing_it(self, world: World) -> None:
        park = make_park(world, is_pilot=True, designated_on=date(2024, 5, 1))
        data = services.ParkData(
            name="改名后的园区", division_id=park.division_id, segment_id=park.segment_id,
            is_pilot=True, designated_on=date(2024, 5, 1),
        )  # fmt: skip
        services.update_park(park.pk, data, actor=world.officer_a)
        park.refresh_from_db()
        assert park.name == "改名后的园区" and park.is_pilot
        with pytest.raises(PermissionDenied):
            services.update_park(park.pk, data, actor=world.officer_b)

    def test_duplicate_names_are_refused(self, world: World) -> None:
        make_park(world, name="合肥新站显示产业园")
        with pytest.raises(ValidationError) as exc:
            make_park(world, name="合肥新站显示产业园")
        assert messages(exc)["name"] == ["园区“合肥新站显示产业园”已登记。"]
