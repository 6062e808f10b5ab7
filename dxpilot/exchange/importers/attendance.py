"""A training session's sign-in sheet: one row per person who attended (场次编号, 姓名, 手机号码
或身份证号码). A row is matched to a registration of that session by the blind index of the
identifier, so the file's numbers are never compared in clear against the database. Every row is
checked before anything is written; the writes go through `training.services.record_attendance`,
one call per session, which checks the same rules again."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dxpilot.accounts.models import Role
from dxpilot.core.crypto import blind_index
from dxpilot.exchange.cells import CellError, parse_contact, parse_integer, parse_text
from dxpilot.exchange.importers.base import Column, Importer, RowCheck, StaleDataError
from dxpilot.training.models import Attendance, AttendanceSource, Registration, Session
from dxpilot.training.selectors import managed_sessions
from dxpilot.training.services import identifier_kind, normalise_identifier, record_attendance


class AttendanceImporter(Importer):
    key = "attendance"
    label = gettext_noop("培训签到表")
    sheet_title = gettext_noop("签到表")
    roles = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})
    columns = (
        Column("session", gettext_noop("场次编号"), partial(parse_integer, maximum=2_000_000_000),
               required=True, aliases=("场次",),
               help=gettext_noop("培训场次页面地址中的编号，例如 /training/sessions/12/ 的 12。")),
        Column("name", gettext_noop("姓名"), partial(parse_text, max_length=40), required=True),
        Column("identifier", gettext_noop("手机号码或身份证号码"), "parse_identifier", required=True,
               text=True, width=22, aliases=("手机号码", "手机号", "身份证号码", "身份证号")),
    )  # fmt: skip
    notes = (
        gettext_noop("每行一名出勤人员；只能导入已报名该场次的人员，姓名须与报名信息一致。"),
        gettext_noop("培训日期尚未到来的场次不能导入签到；已记录出勤的人员不会重复计算。"),
        gettext_noop("全部行校验通过才会导入；任何一行有错误时不写入任何数据。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.sessions: dict[int, Session] = {}
        # (session id, blind index) -> (trainee id, registered name)
        self.registered: dict[tuple[int, str], tuple[int, str]] = {}
        self.attended: set[tuple[int, int]] = set()

    def parse_identifier(self, value: Any, header: str) -> str:
        text = normalise_identifier(parse_contact(value, header, max_length=40))
        if identifier_kind(text) is None:
            raise CellError(
                _("“{column}”的“{value}”不是有效的手机号码（11 位）或身份证号码（18 位）。").format(
                    column=header, value=text
                )
            )
        return text

    def key_of(self, values: dict[str, Any]) -> str:
        if not values.get("identifier") or values.get("session") is None:
            return ""
        return f"{values['session']}:{values['identifier']}"

    def find_duplicates(self, rows: Sequence[RowCheck]) -> None:
        first: dict[str, RowCheck] = {}
        for row in rows:
            key = self.key_of(row.values)
            if not key:
                continue
            earlier = first.setdefault(key, row)
            if earlier is row:
                continue
            text = _(
                "同一人员在第 {a} 行和第 {b} 行重复签到同一场次，每人每场只能出现一次。"
            ).format(a=earlier.number, b=row.number)
            for duplicate in (earlier, row):
                if ("identifier", text) not in duplicate.errors:
                    duplicate.errors.append(("identifier", text))

    def prepare(self, rows: Sequence[RowCheck]) -> None:
        ids = {row.values["session"] for row in rows if isinstance(row.values.get("session"), int)}
        sessions = managed_sessions(self.actor).filter(pk__in=ids, course__program=self.program)
        self.sessions = {s.pk: s for s in sessions}
        indexes = {
            blind_index(row.values["identifier"]) for row in rows if row.values.get("identifier")
        }
        registrations = Registration.objects.filter(
            session_id__in=self.sessions, trainee__identifier_index__in=indexes
        ).values_list("session_id", "trainee__identifier_index", "trainee_id", "trainee__name")
        self.registered = {(s, i): (t, n) for s, i, t, n in registrations}
        self.attended = set(
            Attendance.objects.filter(session_id__in=self.sessions).values_list(
                "session_id", "trainee_id"
            )
        )

    def check(self, row: RowCheck) -> None:
        failed = self.failed(row)
        if {"session", "identifier"} & failed:
            return
        session = self.sessions.get(row.values["session"])
        if session is None:
            row.errors.append(("session", _("场次编号“{n}”不存在，或不在您的管辖范围内。").format(
                n=row.values["session"])))  # fmt: skip
            return
        if session.held_on > self.today:
            row.errors.append(("session", _("场次 {n} 的培训日期 {date} 尚未到来，不能导入签到。").format(
                n=session.pk, date=session.held_on)))  # fmt: skip
            return
        found = self.registered.get((session.pk, blind_index(row.values["identifier"])))
        if found is None:
            row.errors.append(("identifier", _("此人未报名场次 {n}：请先报名，再导入签到。").format(
                n=session.pk)))  # fmt: skip
            return
        trainee_id, name = found
        if "name" not in failed and row.values.get("name", "").strip() != name:
            row.errors.append(("name", _("姓名“{given}”与报名信息“{name}”不一致。").format(
                given=row.values.get("name", ""), name=name)))  # fmt: skip
            return
        row.payload = (session.pk, trainee_id, (session.pk, trainee_id) in self.attended)

    def write(self, rows: Sequence[RowCheck]) -> list[tuple[int, str, str]]:
        by_session: dict[int, list[int]] = defaultdict(list)
        outcomes = []
        for row in rows:
            session_id, trainee_id, already = row.payload
            subject = f"{row.values['name']} @ {session_id}"
            if already:
                outcomes.append((row.number, "unchanged", subject))
                continue
            by_session[session_id].append(trainee_id)
            outcomes.append((row.number, "created", subject))
        for session_id, trainee_ids in by_session.items():
            try:
                record_attendance(
                    session_id, trainee_ids, actor=self.actor, source=AttendanceSource.SIGN_IN_SHEET
                )
            except (ValidationError, PermissionDenied):
                raise StaleDataError from None  # it passed the check a moment ago
        return outcomes
