"""Recording an enterprise's honours (灯塔工厂, 上市, 小巨人…): an official enters the recognition with
its issuing document and an evidence file; the programme KPIs count these records.

One transaction: the enterprise is locked and re-checked against the official's data scope, every
rule is applied and all reasons refused together, the file is typed by content and hashed, and
the write leaves an audit entry. Refused: nothing written, no file stored."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import record
from dxpilot.core.uploads import check_upload
from dxpilot.enterprises.models import Enterprise, Honour, HonourKind
from dxpilot.enterprises.selectors import visible_enterprises

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

# Who records honours: the officials who keep the enterprise registry of their scope.
HONOUR_RECORDERS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})


@dataclass(frozen=True)
class HonourData:
    kind: str
    awarded_on: date | None
    issuer: str
    document_number: str
    title: str = ""


def may_record_honours(user: object) -> bool:
    return scope_of(user).role in HONOUR_RECORDERS


@transaction.atomic
def record_honour(
    enterprise_id: int,
    data: HonourData,
    *,
    actor: User,
    evidence: UploadedFile[bytes] | None,
) -> Honour:
    if not may_record_honours(actor):
        raise ValidationError({"enterprise": [_("只有市级或县区主管部门可以登记企业荣誉。")]})
    enterprise = (
        visible_enterprises(actor).select_for_update(of=("self",)).filter(pk=enterprise_id).first()
    )
    if enterprise is None:
        raise ValidationError({"enterprise": [_("没有找到该企业，或该企业不在您的数据范围内。")]})
    errors = _errors(enterprise, data)
    content_type = ""
    if evidence is None:
        errors.setdefault("evidence", []).append(_("请上传认定文件或公告等佐证材料。"))
    else:
        try:
            content_type = check_upload(evidence)
        except ValidationError as exc:
            errors.setdefault("evidence", []).extend(exc.message_dict.get("file", exc.messages))
    if errors or evidence is None or data.awarded_on is None:
        raise ValidationError(errors)
    digest = hashlib.sha256()
    for chunk in evidence.chunks():
        digest.update(chunk)
    evidence.seek(0)
    honour = Honour.objects.create(
        enterprise=enterprise,
        kind=data.kind,
        title=data.title.strip(),
        awarded_on=data.awarded_on,
        issuer=data.issuer.strip(),
        document_number=data.document_number.strip(),
        evidence=evidence,
        original_name=(evidence.name or "file")[:200],
        content_type=content_type,
        size=evidence.size or 0,
        sha256=digest.hexdigest(),
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="enterprise.honour",
        target=enterprise,
        changes={
            "honour": honour.pk,
            "kind": honour.kind,
            "awarded_on": honour.awarded_on.isoformat(),
            "issuer": honour.issuer,
            "document_number": honour.document_number,
            "file": honour.original_name,
            "sha256": honour.sha256,
        },
    )
    return honour


def _errors(enterprise: Enterprise, data: HonourData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if data.kind not in HonourKind.values:
        fail("kind", _("荣誉类型“{kind}”无效。").format(kind=data.kind))
    if data.awarded_on is None:
        fail("awarded_on", _("请填写认定日期。"))
    elif data.awarded_on > timezone.localdate():
        fail(
            "awarded_on",
            _("认定日期 {day} 晚于今天，不能登记尚未发生的认定。").format(
                day=data.awarded_on.isoformat()
            ),
        )
    if not data.issuer.strip():
        fail("issuer", _("请填写认定机构（发文单位或交易所）。"))
    if not data.document_number.strip():
        fail("document_number", _("请填写文号（上市填写股票代码或注册批复文号）。"))
    elif (
        data.kind in HonourKind.values
        and Honour.objects.filter(
            enterprise=enterprise, kind=data.kind, document_number=data.document_number.strip()
        ).exists()
    ):
        fail("document_number", _("该企业已按此文号登记过同类荣誉，不能重复登记。"))
    for field, value, limit in (
        ("title", data.title, 120),
        ("issuer", data.issuer, 120),
        ("document_number", data.document_number, 80),
    ):
        length = len(value.strip())
        if length > limit:
            fail(
                field,
                _("不能超过 {limit} 个字符（现为 {length} 个）。").format(
                    limit=limit, length=length
                ),
            )
    return errors
