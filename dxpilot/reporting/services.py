"""Circular and evaluation writes: keyword-only `actor` (None: the command line), one
transaction, an audit entry, refusals as a ValidationError naming every problem.

Only the city admin (市工信局, §五.1 "市级统筹协调") generates, edits and issues. Issuing numbers the
document per year of issue (合数转通〔2025〕3号), dates it, stores its Word and Excel files with
their SHA-256; from then on every edit, regeneration or second issue is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.audit.models import AuditEntry
from dxpilot.audit.services import record
from dxpilot.core.validation import text_rule, validate
from dxpilot.programs.models import Division, Program
from dxpilot.reporting import docx, rules, xlsx
from dxpilot.reporting.content import CircularInput, circular_content, evaluation_content
from dxpilot.reporting.models import Circular, IssuedDocument, PerformanceEvaluation, ReportStatus
from dxpilot.reporting.periods import PeriodError, check_period, parse_period

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

Doc = TypeVar("Doc", bound=IssuedDocument)
LEAD_RULES = {"lead": text_rule(Circular, "lead", required=True, multiline=True, max_length=2000)}
# Official documents are written in Chinese whatever the language of the person issuing them.
DOCUMENT_LANGUAGE = "zh-hans"


def _require_city(actor: User | None) -> None:
    if actor is not None and scope_of(actor).role != Role.CITY_ADMIN:
        raise PermissionDenied(_("只有市级管理员可以生成、修改和印发通报与绩效评价报告。"))


def _refuse(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def _refuse_issued(doc: IssuedDocument) -> None:
    if doc.is_issued:
        raise _refuse(
            "__all__",
            _("已于 {date} 印发（{number}），印发后不能再修改或重新生成。").format(
                date=doc.issued_on.isoformat() if doc.issued_on else "", number=doc.number
            ),
            code="issued",
        )


def default_lead(label: str) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return _(
            "现将{period}全市中小企业数字化转型城市试点工作进展情况通报如下，请各县（市）区、"
            "开发区对照目标任务和滞后事项，抓紧推进。"
        ).format(period=label)


# --- circulars -------------------------------------------------------------------------------


def _divisions(program: Program, division_ids: list[int] | None) -> list[Division]:
    all_divisions = list(program.divisions.order_by("order", "code"))
    if not division_ids:
        return all_divisions
    chosen = [d for d in all_divisions if d.pk in set(division_ids)]
    unknown = set(division_ids) - {d.pk for d in chosen}
    if unknown:
        raise _refuse("divisions", _("所选区划不在本试点方案中。"))
    return chosen


def generate_circular(
    program: Program, *, period: str, division_ids: list[int] | None = None, actor: User | None
) -> Circular:
    """Generate (or refresh the draft of) the circular of a month or quarter that has ended."""
    _require_city(actor)
    try:
        parsed = parse_period(period)
        check_period(
            parsed,
            starts_on=program.starts_on,
            ends_on=program.ends_on,
            today=timezone.localdate(),
        )
    except PeriodError as exc:
        raise _refuse("period", str(exc)) from None
    divisions = _divisions(program, division_ids)
    with transaction.atomic():
        circular = (
            Circular.objects.select_for_update().filter(program=program, period=parsed.key).first()
        )
        if circular is not None:
            _refuse_issued(circular)
        with translation.override(DOCUMENT_LANGUAGE):
            content = circular_content(CircularInput(program, parsed, divisions), user=actor)
            label = parsed.label
        created = circular is None
        if circular is None:
            circular = Circular(program=program, period=parsed.key, lead=default_lead(label))
        circular.starts_on, circular.ends_on = parsed.starts_on, parsed.ends_on
        circular.content = content
        circular.generated_by, circular.generated_at = actor, timezone.now()
        circular.save()
        circular.divisions.set(divisions)
        record(
            actor=actor,
            action="circular.generate",
            target=circular,
            changes={
                "period": parsed.key,
                "divisions": [d.code for d in divisions],
                "regenerated": not created,
            },
        )
    return circular


def _update_lead(model: type[Doc], pk: int, lead: str, *, actor: User | None, action: str) -> Doc:
    _require_city(actor)
    values, problems = validate(LEAD_RULES, {"lead": lead})
    with transaction.atomic():
        doc: Doc = model._default_manager.select_for_update().get(pk=pk)
        _refuse_issued(doc)
        if problems:
            raise ValidationError(
                {k: [ValidationError(m, code="invalid") for m in v] for k, v in problems.items()}
            )
        old = doc.lead
        doc.lead = values["lead"]
        doc.save(update_fields=["lead"])
        record(actor=actor, action=action, target=doc, changes={"lead": [old, doc.lead]})
    return doc


def update_circular_lead(circular: Circular, *, lead: str, actor: User | None) -> Circular:
    return _update_lead(Circular, circular.pk, lead, actor=actor, action="circular.update_lead")


def _file(content: bytes) -> tuple[ContentFile[bytes], str]:
    return ContentFile(content), hashlib.sha256(content).hexdigest()


def _issue(
    model: type[Doc],
    pk: int,
    *,
    actor: User | None,
    prefix: Callable[[Program], str],
    render: tuple[Callable[[Doc], bytes], Callable[[Doc], bytes]],
    action: str,
    stem: str,
) -> Doc:
    _require_city(actor)
    with transaction.atomic():
        doc: Doc = model._default_manager.select_for_update().select_related("program").get(pk=pk)
        _refuse_issued(doc)
        if not doc.lead.strip():
            raise _refuse("lead", _("请先填写导语再印发。"))
        # The programme row serialises numbering: two issues never take the same sequence.
        Program.objects.select_for_update().filter(pk=doc.program_id).first()
        today = timezone.localdate()
        last = model._default_manager.filter(program=doc.program, year=today.year).aggregate(
            n=Max("sequence")
        )["n"]
        doc.year, doc.sequence = today.year, (last or 0) + 1
        doc.number = _("{prefix}〔{year}〕{n}号").format(
            prefix=prefix(doc.program), year=doc.year, n=doc.sequence
        )
        doc.status, doc.issued_on, doc.issued_at, doc.issued_by = (
            ReportStatus.ISSUED,
            today,
            timezone.now(),
            actor,
        )
        with translation.override(DOCUMENT_LANGUAGE):
            word, excel = render[0](doc), render[1](doc)
        word_file, doc.docx_sha256 = _file(word)
        excel_file, doc.xlsx_sha256 = _file(excel)
        name = f"{stem}-{doc.year}-{doc.sequence:03d}"
        doc.docx.save(f"{name}.docx", word_file, save=False)
        doc.xlsx.save(f"{name}.xlsx", excel_file, save=False)
        doc.save()
        record(
            actor=actor,
            action=action,
            target=doc,
            changes={
                "number": doc.number,
                "issued_on": today.isoformat(),
                "docx_sha256": doc.docx_sha256,
                "xlsx_sha256": doc.xlsx_sha256,
            },
        )
    return doc


def issue_circular(circular: Circular, *, actor: User | None) -> Circular:
    """Number, date and store the circular; it is immutable afterwards."""
    return _issue(
        Circular,
        circular.pk,
        actor=actor,
        prefix=rules.circular_prefix,
        render=(docx.circular_docx, xlsx.circular_xlsx),
        action="circular.issue",
        stem="circular",
    )


def record_download(doc: IssuedDocument, *, actor: User | None, fmt: str) -> None:
    """Audit a download of a circular or report (issued file or draft preview)."""
    prefix = "circular" if isinstance(doc, Circular) else "evaluation"
    record(
        actor=actor,
        action=f"{prefix}.download",
        kind=AuditEntry.Kind.EXPORT,
        target=doc,
        changes={"format": fmt, "status": doc.status},
    )


# --- performance evaluation ------------------------------------------------------------------


def generate_evaluation(
    program: Program, *, stage: str, actor: User | None
) -> PerformanceEvaluation:
    """Generate (or refresh the draft of) the evaluation report of a stage that has ended."""
    _require_city(actor)
    stages = rules.evaluation_stages(program, list(program.stages.order_by("starts_on")))
    chosen = next((s for s in stages if s.key == stage), None)
    if chosen is None:
        raise _refuse(
            "stage",
            _("评价阶段“{stage}”不存在，可选：{choices}。").format(
                stage=stage, choices="、".join(s.key for s in stages)
            ),
        )
    if chosen.ends_on >= timezone.localdate():
        raise _refuse(
            "stage",
            _("{name}对应的阶段截至 {end}，尚未结束，结束后才能生成。").format(
                name=chosen.name, end=chosen.ends_on.isoformat()
            ),
        )
    with transaction.atomic():
        evaluation = (
            PerformanceEvaluation.objects.select_for_update()
            .filter(program=program, stage=chosen.key)
            .first()
        )
        if evaluation is not None:
            _refuse_issued(evaluation)
        with translation.override(DOCUMENT_LANGUAGE):
            content = evaluation_content(program, chosen, user=actor)
            lead = _(
                "根据工业和信息化部、财政部要求，现将{name}情况报告如下。各项指标的目标、完成值和"
                "佐证材料见下表及附件。"
            ).format(name=chosen.name)
        created = evaluation is None
        if evaluation is None:
            evaluation = PerformanceEvaluation(program=program, stage=chosen.key, lead=lead)
        evaluation.final = chosen.final
        evaluation.starts_on, evaluation.ends_on = chosen.starts_on, chosen.ends_on
        evaluation.content = content
        evaluation.generated_by, evaluation.generated_at = actor, timezone.now()
        evaluation.save()
        record(
            actor=actor,
            action="evaluation.generate",
            target=evaluation,
            changes={"stage": chosen.key, "regenerated": not created},
        )
    return evaluation


def update_evaluation_lead(
    evaluation: PerformanceEvaluation, *, lead: str, actor: User | None
) -> PerformanceEvaluation:
    return _update_lead(
        PerformanceEvaluation, evaluation.pk, lead, actor=actor, action="evaluation.update_lead"
    )


def issue_evaluation(evaluation: PerformanceEvaluation, *, actor: User | None) -> Any:
    return _issue(
        PerformanceEvaluation,
        evaluation.pk,
        actor=actor,
        prefix=rules.evaluation_prefix,
        render=(docx.evaluation_docx, xlsx.evaluation_xlsx),
        action="evaluation.issue",
        stem="evaluation",
    )
