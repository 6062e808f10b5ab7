"""Provider applications: registration and the application itself (the city's review is in
admission.py).

Selection follows the pilot cities' practice (青岛 青民发字〔2024〕1号: a pool of providers per
细分行业 with a number per type; Hefei: ≤3 综合型 and ≤10 专业型 per 细分行业, programme file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import cast

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.accounts.models import Role, User
from dxpilot.accounts.services import create_user
from dxpilot.audit.services import diff, record, snapshot
from dxpilot.core.crypto import blind_index
from dxpilot.core.uploads import check_upload, safe_file_name
from dxpilot.enterprises.creditcode import normalise_credit_code
from dxpilot.enterprises.services import credit_code_error
from dxpilot.programs.models import Batch, Program, ProviderKind, Segment
from dxpilot.providers.models import (
    Attachment,
    Provider,
    ProviderDecision,
    Qualification,
    ReferenceProject,
)
from dxpilot.providers.services.common import (
    decide,
    digest,
    lock_provider,
    open_batch,
    raise_if,
    require_own_provider,
    transition,
)

SENSITIVE = ("contact_name", "contact_phone", "bank_account")
AUDITED = ("name", "kind", "summary", "address", "website", *SENSITIVE)
# Lazy: a module constant is said in the language of the request that reads it.
OWN_ONLY = gettext_lazy("只有服务商本身可以修改申报材料。")


@dataclass
class RegistrationData:
    credit_code: str
    name: str
    kind_key: str
    username: str
    password: str
    contact_name: str = ""
    contact_phone: str = ""


@dataclass
class ApplicationData:
    name: str
    kind_key: str
    segment_keys: list[str] = field(default_factory=list)
    summary: str = ""
    address: str = ""
    website: str = ""
    contact_name: str = ""
    contact_phone: str = ""


def _resolve(
    program: Program, kind_key: str, segment_keys: list[str], errors: dict[str, list[str]]
) -> tuple[ProviderKind | None, list[Segment]]:
    kind = program.provider_kinds.filter(key=kind_key).first()
    if kind is None:
        errors.setdefault("kind_key", []).append(
            _("服务商类型“{key}”不在本试点方案中。").format(key=kind_key)
        )
    segments = list(program.segments.filter(key__in=segment_keys))
    for key in sorted(set(segment_keys) - {s.key for s in segments}):
        errors.setdefault("segment_keys", []).append(
            _("细分行业“{key}”不在本试点方案中。").format(key=key)
        )
    return kind, segments


@transaction.atomic
def register_provider(program: Program, data: RegistrationData) -> tuple[Provider, User]:
    """A provider registers itself: a draft application and its first user account."""
    errors: dict[str, list[str]] = {}
    code = normalise_credit_code(data.credit_code)
    if message := credit_code_error(code):
        errors.setdefault("credit_code", []).append(message)
    elif Provider.objects.filter(program=program, credit_code=code).exists():
        errors.setdefault("credit_code", []).append(
            _("统一社会信用代码“{code}”已注册服务商。").format(code=code)
        )
    if not data.name.strip():
        errors.setdefault("name", []).append(_("服务商名称不能为空。"))
    kind, _segments = _resolve(program, data.kind_key, [], errors)
    if User.objects.filter(username=data.username).exists():
        errors.setdefault("username", []).append(
            _("用户名“{username}”已存在。").format(username=data.username)
        )
    try:
        validate_password(data.password, User(username=data.username, role=Role.PROVIDER))
    except ValidationError as exc:
        errors.setdefault("password", []).extend(exc.messages)
    raise_if(errors)
    kind = cast(ProviderKind, kind)  # raise_if refused a missing kind
    provider = Provider.objects.create(
        program=program, credit_code=code, name=data.name.strip(), kind=kind,
        contact_name=data.contact_name.strip(), contact_phone=data.contact_phone.strip(),
        contact_phone_index=blind_index(data.contact_phone) if data.contact_phone.strip() else "",
    )  # fmt: skip
    user = create_user(
        actor=None, username=data.username, password=data.password, role=Role.PROVIDER,
        display_name=data.contact_name.strip(), provider_id=provider.pk, organization=provider.name, validate=False,
    )  # fmt: skip
    record(actor=user, action="provider.register", target=provider,
           changes=diff({}, snapshot(provider, AUDITED), sensitive=SENSITIVE))  # fmt: skip
    return provider, user


def _editable(actor: User, provider_id: int) -> Provider:
    require_own_provider(actor, provider_id, OWN_ONLY)
    provider = lock_provider(provider_id)
    if not provider.is_editable:
        raise_if(
            {
                "__all__": [
                    _("申请当前状态为“{status}”，不能修改。").format(
                        status=provider.get_status_display()
                    )
                ]
            },
            "locked",
        )
    return provider


@transaction.atomic
def update_application(provider_id: int, data: ApplicationData, *, actor: User) -> Provider:
    """The provider edits its application while it is a draft or was returned."""
    provider = _editable(actor, provider_id)
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors.setdefault("name", []).append(_("服务商名称不能为空。"))
    kind, segments = _resolve(provider.program, data.kind_key, data.segment_keys, errors)
    raise_if(errors)
    before = snapshot(provider, AUDITED)
    before_segments = sorted(provider.segments.values_list("key", flat=True))
    provider.name, provider.kind = data.name.strip(), kind  # type: ignore[assignment]
    provider.summary, provider.address, provider.website = (
        data.summary.strip(),
        data.address.strip(),
        data.website.strip(),
    )
    provider.contact_name, provider.contact_phone = (
        data.contact_name.strip(),
        data.contact_phone.strip(),
    )
    provider.contact_phone_index = (
        blind_index(provider.contact_phone) if provider.contact_phone else ""
    )
    provider.save(update_fields=[*AUDITED, "contact_phone_index", "updated_at"])
    provider.segments.set(segments)
    changes = diff(before, snapshot(provider, AUDITED), sensitive=SENSITIVE)
    after_segments = sorted(s.key for s in segments)
    if before_segments != after_segments:
        changes["segments"] = [before_segments, after_segments]
    if changes:
        record(actor=actor, action="provider.update_application", target=provider, changes=changes)
    if "name" in changes:
        from dxpilot.providers.search import index_products

        index_products(provider.products.values_list("pk", flat=True))
    return provider


@transaction.atomic
def add_qualification(provider_id: int, *, actor: User, name: str, issuer: str = "", number: str = "",
                      valid_until: date | None = None) -> Qualification:  # fmt: skip
    provider = _editable(actor, provider_id)
    if not name.strip():
        raise_if({"name": [_("资质名称不能为空。")]})
    if valid_until is not None and valid_until < timezone.localdate():
        raise_if(
            {
                "valid_until": [
                    _("资质“{name}”已于 {date} 过期。").format(
                        name=name.strip(), date=valid_until.isoformat()
                    )
                ]
            }
        )
    item = Qualification.objects.create(provider=provider, name=name.strip(), issuer=issuer.strip(),
                                        number=number.strip(), valid_until=valid_until)  # fmt: skip
    record(
        actor=actor,
        action="provider.add_qualification",
        target=provider,
        changes={"qualification": item.name},
    )
    return item


@transaction.atomic
def add_reference(provider_id: int, *, actor: User, client_name: str, title: str,
                  contract_date: date | None = None, amount: Decimal | None = None, summary: str = "") -> ReferenceProject:  # fmt: skip
    provider = _editable(actor, provider_id)
    errors: dict[str, list[str]] = {}
    if not client_name.strip():
        errors.setdefault("client_name", []).append(_("客户名称不能为空。"))
    if not title.strip():
        errors.setdefault("title", []).append(_("项目名称不能为空。"))
    if contract_date is not None and contract_date > timezone.localdate():
        errors.setdefault("contract_date", []).append(_("合同日期不能晚于今天。"))
    if amount is not None and amount < 0:
        errors.setdefault("amount", []).append(_("合同金额不能为负数。"))
    raise_if(errors)
    item = ReferenceProject.objects.create(provider=provider, client_name=client_name.strip(), title=title.strip(),
                                           contract_date=contract_date, amount=amount, summary=summary.strip())  # fmt: skip
    record(
        actor=actor,
        action="provider.add_reference",
        target=provider,
        changes={"reference": item.title},
    )
    return item


@transaction.atomic
def remove_application_item(provider_id: int, *, actor: User, qualification_id: int | None = None,
                            reference_id: int | None = None) -> None:  # fmt: skip
    """While drafting, a qualification or reference typed by mistake can be taken out again."""
    provider = _editable(actor, provider_id)
    model = Qualification if qualification_id is not None else ReferenceProject
    item = model.objects.filter(provider=provider, pk=qualification_id or reference_id or 0).first()
    if item is None:
        raise ValidationError(_("没有找到该条目。"), code="not_found")
    record(actor=actor, action="provider.remove_item", target=provider, changes={"item": str(item)})
    item.delete()


@transaction.atomic
def attach_document(provider_id: int, *, actor: User, kind: str, upload: UploadedFile[bytes],
                    product_id: int | None = None) -> Attachment:  # fmt: skip
    """Attach a document; its type is decided by content (core.uploads.check_upload)."""
    require_own_provider(actor, provider_id, OWN_ONLY)
    provider = lock_provider(provider_id)
    product = provider.products.filter(pk=product_id).first() if product_id is not None else None
    if product_id is not None and (product is None or not product.is_editable):
        raise_if({"__all__": [_("该产品当前不能补充材料。")]}, "locked")
    if product is None and not provider.is_editable:
        raise_if(
            {
                "__all__": [
                    _("申请当前状态为“{status}”，不能补充材料。").format(
                        status=provider.get_status_display()
                    )
                ]
            },
            "locked",
        )
    if kind not in Attachment.Kind.values:
        raise_if({"kind": [_("材料类型“{kind}”无效。").format(kind=kind)]})
    content_type = check_upload(upload)
    attachment = Attachment.objects.create(
        provider=provider, product=product, kind=kind, file=upload, original_name=safe_file_name(upload.name or ""),
        content_type=content_type, size=upload.size or 0, sha256=digest(upload), uploaded_by=actor,
    )  # fmt: skip
    record(actor=actor, action="provider.attach_document", target=product or provider,
           changes={"kind": kind, "file": attachment.original_name, "sha256": attachment.sha256})  # fmt: skip
    return attachment


def application_problems(provider: Provider) -> dict[str, list[str]]:
    """What a complete application needs: a type, segments, a reference project, the licence."""
    errors: dict[str, list[str]] = {}
    if not provider.segments.exists():
        errors.setdefault("segment_keys", []).append(_("请至少选择一个服务的细分行业。"))
    if not provider.summary.strip():
        errors.setdefault("summary", []).append(_("请填写企业简介与服务能力。"))
    if not provider.references.exists():
        errors.setdefault("references", []).append(_("请至少填写一个业绩项目。"))
    if not provider.attachments.filter(product__isnull=True, kind=Attachment.Kind.LICENCE).exists():
        errors.setdefault("attachments", []).append(_("请上传营业执照。"))
    return errors


@transaction.atomic
def submit_application(provider_id: int, *, actor: User) -> Provider:
    """The provider submits its application in an open provider batch; every gap is listed."""
    provider = _editable(actor, provider_id)
    errors = application_problems(provider)
    batch, closed = open_batch(provider.program, Batch.Kind.PROVIDER)
    if closed:
        errors.setdefault("__all__", []).append(closed)
    raise_if(errors, "incomplete")
    provider.batch, provider.submitted_at = batch, timezone.now()
    before = transition(provider, Provider.Status.APPLIED, "batch", "submitted_at")
    decide(provider, ProviderDecision.Kind.SUBMIT, actor=actor, before=before)
    return provider


def record_attachment_download(attachment: Attachment, *, actor: User) -> None:
    """Opening an application document is a sensitive read: audited."""
    record(actor=actor, action="provider.download_attachment", kind="read", target=attachment.product or attachment.provider,
           changes={"file": attachment.original_name, "sha256": attachment.sha256})  # fmt: skip
