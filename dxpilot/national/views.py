"""National reporting pages (the city admin): submissions, their reconciliation, decisions."""

from __future__ import annotations

import os
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dxpilot.core.http import acting_user as actor_of
from dxpilot.national import selectors, services, writers
from dxpilot.national.forms import DecisionForm, RecordFilterForm
from dxpilot.national.models import Change, Decision
from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program

PAGE_SIZE = 50


def _require_manager(request: HttpRequest) -> Program:
    if not selectors.may_manage(request.user):
        raise PermissionDenied(_("国家平台报送仅对市级管理员开放。"))
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    return program


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    program = _require_manager(request)
    submissions = selectors.visible_submissions(request.user, program).order_by("-number")
    page = Paginator(submissions, 20).get_page(request.GET.get("page"))
    secret = request.session.pop("national_token_secret", None)
    context = {"page": page, "program": program, "secret": secret}
    return render(request, "national/home.html", context)


@login_required
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    try:
        _token, secret = services.issue_national_token(actor=actor_of(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("national:home")
    # Shown once after the redirect, as the tokens page does; only its hash is stored.
    request.session["national_token_secret"] = secret
    messages.success(request, _("已签发接口令牌，请立即复制保存，离开本页后将无法再次查看。"))
    return redirect("national:home")


@login_required
@require_POST
def submit(request: HttpRequest) -> HttpResponse:
    program = _require_manager(request)
    try:
        submission = services.create_submission(program, actor=actor_of(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("national:home")
    messages.success(
        request,
        _("已生成第 {number} 次报送：{records} 条记录。").format(
            number=submission.number, records=submission.records_count
        ),
    )
    return redirect("national:submission", pk=submission.pk)


@login_required
@require_GET
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    program = _require_manager(request)
    current = selectors.get_submission_for_user(request.user, program, pk)
    filters = RecordFilterForm(request.GET or None)
    change, decision = "", ""
    if filters.is_valid():
        change, decision = filters.cleaned_data["change"], filters.cleaned_data["decision"]
    elif filters.is_bound:
        messages.error(request, _("筛选条件无效，已显示需国家平台处理的记录。"))
    if change == "all":
        changes: tuple[str, ...] = ()
    elif change:
        changes = (change,)
    else:
        changes = selectors.RECONCILED
    records = selectors.submission_records(current, changes=changes, decision=decision)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = selectors.field_labels(current)
    rows = [
        {
            "record": r,
            "name": r.payload.get(_name_field(current)),
            "changes": [{**c, "label": labels.get(c["field"], c["field"])} for c in r.changes],
        }
        for r in page
    ]
    query = urlencode({k: v for k, v in (("change", change), ("decision", decision)) if v})
    context = {
        "submission": current,
        "filters": filters,
        "page": page,
        "rows": rows,
        "query": f"{query}&" if query else "",
        "decisions": selectors.decision_counts(current),
        "decision_form": DecisionForm(),
        "Change": Change,
        "Decision": Decision,
    }
    return render(request, "national/submission.html", context)


def _name_field(submission: object) -> str:
    for field in getattr(submission, "mapping", {}).get("fields", []):
        if field.get("source") == "name":
            return str(field["name"])
    return ""


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    program = _require_manager(request)
    current = selectors.get_submission_for_user(request.user, program, pk)
    if fmt not in services.FORMATS:
        raise Http404(_("不支持的格式。"))
    handle, path = tempfile.mkstemp(suffix=f".{fmt}")
    os.close(handle)
    try:
        writers.write_file(current, fmt, path)
        services.record_download(current, fmt, actor=actor_of(request))
        stream = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(path)  # the open stream keeps the data until it is closed
    content_type = (
        "application/json"
        if fmt == "json"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return FileResponse(
        stream,
        as_attachment=True,
        filename=writers.file_name(current, fmt),
        content_type=content_type,
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    program = _require_manager(request)
    record = selectors.get_record_for_user(request.user, program, pk)
    back = reverse("national:submission", args=[record.submission_id])
    query = request.POST.get("query", "")
    if query and all(
        part.split("=")[0] in ("change", "decision", "page") for part in query.split("&") if part
    ):
        back = f"{back}?{query}"
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect(back)
    try:
        services.decide_record(
            record.pk,
            actor=actor_of(request),
            accept=form.accept,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        text = (
            _("已登记：国家平台接收了记录 {key}。")
            if form.accept
            else _("已登记：国家平台退回了记录 {key}，下次报送将重新报送。")
        )
        messages.success(request, text.format(key=record.key))
    return redirect(back)
