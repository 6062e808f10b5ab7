"""The evidence checklist of a stage, generated from the programme file
(Program.acceptance_rule["checklist"], e.g. Hefei: ``acceptance: [contract, invoice, payment, …]``).

Materials required for acceptance follow 昆明's eight materials and §6.6 of the requirements
(contract, invoices, payment proof, investment list, financial statements, completion report,
effect evidence, post self-assessment, truthfulness declaration). A kind counts as present when
at least one current version of it is submitted; drafts are shown but do not count.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dxpilot.projects.models import Evidence, EvidenceKind, TransformationProject


@dataclass(frozen=True)
class ChecklistItem:
    kind: str
    label: str
    submitted: int  # current submitted versions (superseded ones are not counted)
    drafts: int

    @property
    def missing(self) -> bool:
        return self.submitted == 0

    @property
    def message(self) -> str:
        if not self.missing:
            return _("“{label}”已提交 {n} 份。").format(label=self.label, n=self.submitted)
        if self.drafts:
            return _("缺少“{label}”：已上传 {drafts} 份草稿，尚未提交。").format(
                label=self.label, drafts=self.drafts
            )
        return _("缺少“{label}”：尚未上传。").format(label=self.label)

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "label": self.label,
            "submitted": self.submitted,
            "drafts": self.drafts,
            "missing": self.missing,
            "message": self.message,
        }


def required_kinds(project: TransformationProject, stage: str) -> list[str]:
    """The evidence kinds the programme requires before `stage` ([] if it names none)."""
    checklist = (project.program.acceptance_rule or {}).get("checklist") or {}
    return [str(kind) for kind in checklist.get(stage, [])]


def stages(project: TransformationProject) -> list[str]:
    return list(((project.program.acceptance_rule or {}).get("checklist") or {}).keys())


def evidence_counts(project: TransformationProject) -> dict[str, tuple[int, int]]:
    """{kind: (submitted, drafts)} for the project's archive, one aggregate query."""
    rows = (
        Evidence.objects.filter(project=project)
        .values("kind")
        .annotate(
            submitted=Count("pk", filter=Q(status=Evidence.Status.SUBMITTED)),
            drafts=Count("pk", filter=Q(status=Evidence.Status.DRAFT)),
        )
    )
    return {row["kind"]: (row["submitted"], row["drafts"]) for row in rows}


def checklist_for(
    project: TransformationProject,
    stage: str,
    counts: dict[str, tuple[int, int]] | None = None,
) -> list[ChecklistItem]:
    """Every required kind of the stage with its counts, in the programme file's order.

    Pass `counts` (from `evidence_counts`) to build several stages from one query."""
    if counts is None:
        counts = evidence_counts(project)
    labels = dict(EvidenceKind.choices)
    items = []
    for kind in required_kinds(project, stage):
        submitted, drafts = counts.get(kind, (0, 0))
        items.append(ChecklistItem(kind, str(labels.get(kind, kind)), submitted, drafts))
    return items


def missing_for(project: TransformationProject, stage: str) -> list[ChecklistItem]:
    """What the archive still lacks before `stage` (empty: complete). A stage the programme
    file does not name requires nothing. Used by contract filing and by the acceptance service."""
    return [item for item in checklist_for(project, stage) if item.missing]
