"""The assessor's on-site page: self answers beside, changes with reasons, evidence, locking."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dxpilot.assessment import services
from dxpilot.assessment.forms import LockForm
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.selectors import get_assessment_for_user, get_evidence_for_user
from dxpilot.assessment.sheetview import is_item, item_for, parse_item_post, sheet_view
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user


def _assessor_assessment(request: HttpRequest, pk: int) -> Assessment:
    assessment = get_assessment_for_user(request.user, pk)
    if assessment.assessor_id != request.user.pk:
        raise PermissionDenied(_("只有被指派的评测专家可以进行现场评测。"))
    return assessment


def _posted_item(request: HttpRequest, assessment: Assessment) -> str:
    """The posted item code, which must name a question or scene of the edition (404 otherwise:
    an unknown or over-long code is a bad link, not a server error)."""
    code = request.POST.get("item", "")
    if not is_item(assessment.edition, code):
        raise Http404(_("本评测没有这个题目或场景。"))
    return code


@login_required
@require_GET
def onsite(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessor_assessment(request, pk)
    if not assessment.is_editable:
        return redirect("assessment:report", pk=assessment.pk)
    context = {
        "assessment": assessment,
        **sheet_view(assessment),
        "lock_form": LockForm(),
        "onsite": True,
    }
    return render(request, "assessment/onsite.html", context)


def _item_response(
    request: HttpRequest,
    assessment: Assessment,
    code: str,
    errors: dict[str, list[str]] | None = None,
    reason: str = "",
    value: Any = None,
    reason_errors: list[str] | None = None,
    evidence_errors: list[str] | None = None,
) -> HttpResponse:
    assessment = get_assessment_for_user(
        request.user, assessment.pk
    )  # fresh overrides and evidence
    item = item_for(assessment, code, errors)
    if (errors or reason_errors) and value is not None:
        item.value = value  # a refused change shows what the assessor chose, not the stored value
    context = {
        "assessment": assessment, "item": item, "onsite": True, "reason": reason, "reason_errors": reason_errors or [],
        "evidence_errors": evidence_errors or [], "errors": errors or {}, "level_choices": (0, 1, 2, 3, 4),
    }  # fmt: skip
    return render(request, "assessment/partials/onsite_item.html", context)


@login_required
@require_POST
def set_value(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessor_assessment(request, pk)
    code = _posted_item(request, assessment)
    reason = request.POST.get("reason", "")
    value = parse_item_post(assessment, code, request.POST)
    try:
        services.set_onsite_value(
            assessment.pk, actor=acting_user(request), item=code, value=value, reason=reason
        )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        reason_errors = errors.pop(
            "reason", []
        )  # shown under the reason field, the rest under the answer
        flat = {code: [m for messages_ in errors.values() for m in messages_]} if errors else None
        return _item_response(request, assessment, code, flat, reason, value, reason_errors)
    return _item_response(request, assessment, code)


@login_required
@require_POST
def upload_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessor_assessment(request, pk)
    code = _posted_item(request, assessment)
    upload = request.FILES.get("file")
    if upload is None:
        return _item_response(
            request, assessment, code, evidence_errors=[_("请选择要上传的文件。")]
        )
    try:
        services.attach_evidence(
            assessment.pk, actor=acting_user(request), item=code, upload=upload
        )
    except ValidationError as exc:
        return _item_response(
            request, assessment, code, evidence_errors=exc.messages
        )  # beside the upload, not the answer
    return _item_response(request, assessment, code)


@login_required
@require_GET
def download_evidence(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_evidence_for_user(request.user, pk)
    services.record_evidence_download(evidence, actor=acting_user(request))
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("文件已不在存储中，请联系管理员。")) from None
    content_type = (
        evidence.content_type
        or mimetypes.guess_type(evidence.original_name)[0]
        or "application/octet-stream"
    )
    return FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=content_type
    )


@login_required
@require_POST
def lock(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessor_assessment(request, pk)
    form = LockForm(request.POST)
    if form.is_valid():
        try:
            services.lock_assessment(
                assessment.pk,
                actor=acting_user(request),
                assessed_on=form.cleaned_data["assessed_on"],
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            for message in errors.pop("assessed_on", []):
                form.add_error("assessed_on", message)
            if errors:
                attach_errors(
                    form,
                    ValidationError(
                        _("还有 {n} 处未完成，不能锁定。").format(
                            n=sum(len(v) for v in errors.values())
                        )
                    ),
                )
            context = {
                "assessment": assessment,
                **sheet_view(assessment, errors),
                "lock_form": form,
                "onsite": True,
            }
            return render(request, "assessment/onsite.html", context)
        messages.success(request, _("现场评测已锁定。"))
        return redirect("assessment:report", pk=assessment.pk)
    context = {
        "assessment": assessment,
        **sheet_view(assessment),
        "lock_form": form,
        "onsite": True,
    }
    return render(request, "assessment/onsite.html", context)
