"""The report's rows: plain frozen dataclasses the page template and the .docx writer read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dxpilot.assessment.models import Assessment
from dxpilot.enterprises.models import Enterprise


@dataclass(frozen=True)
class RuleRow:
    condition: str
    label: str
    required: str
    actual: str
    met: bool
    message: str


@dataclass(frozen=True)
class LevelRules:
    level: int
    level_name: str
    rows: list[RuleRow]

    @property
    def met(self) -> bool:
        return all(row.met for row in self.rows)


@dataclass(frozen=True)
class Decision:
    level: int
    level_name: str
    total: str
    max_score: str
    levels: list[LevelRules]  # ascending
    next_level: LevelRules | None  # the level above, with the conditions that held it back

    @property
    def blocking(self) -> list[RuleRow]:
        return [row for row in self.next_level.rows if not row.met] if self.next_level else []


@dataclass(frozen=True)
class ScoreRow:
    name: str
    score: Decimal
    max_score: Decimal
    pct: int
    parts: list[ScoreRow] = field(default_factory=list)


@dataclass(frozen=True)
class SceneRow:
    name: str
    group: str
    level: int
    level_name: str
    constraint: bool
    description: str  # the standard's wording of the level reached ("" at level 0)
    pct: int


@dataclass(frozen=True)
class HistoryRow:
    pk: int
    kind: str
    onsite: bool
    date: Any
    total: Decimal
    level: int
    level_name: str
    dimensions: list[Decimal]
    change: str  # total against the row before ("" for the first)
    level_change: int | None
    current: bool


@dataclass(frozen=True)
class Bucket:
    label: str
    count: int
    mine: bool


@dataclass(frozen=True)
class PeerBenchmark:
    segment: str
    size_class: str
    peers: int
    enough: bool
    below: int = 0
    equal: int = 0
    above: int = 0
    percentile: int | None = None
    levels: list[tuple[int, str, int, int]] = field(default_factory=list)  # level, name, count, %
    buckets: list[Bucket] = field(default_factory=list)
    no_segment: bool = False


@dataclass(frozen=True)
class Gap:
    kind: str
    label: str
    message: str
    constraint: bool = False
    points: str = ""


@dataclass(frozen=True)
class NextSteps:
    target_level: int | None
    target_level_name: str
    questions: list[Gap]
    scenes: list[Gap]
    points: str  # points the question changes add


@dataclass(frozen=True)
class OverrideRow:
    item: str
    self_value: str
    value: str
    reason: str
    by: str
    at: Any


@dataclass(frozen=True)
class EvidenceRow:
    pk: int
    item: str
    name: str
    size: int
    uploaded_by: str
    uploaded_at: Any


@dataclass
class Report:
    assessment: Assessment
    enterprise: Enterprise
    kind: str
    date: Any
    assessor: str
    edition_title: str
    decision: Decision
    dimensions: list[ScoreRow]
    scenes: list[SceneRow]
    scene_groups: list[tuple[str, list[SceneRow]]]
    history: list[HistoryRow]
    dimension_names: list[str]
    peers: PeerBenchmark
    next_steps: NextSteps
    overrides: list[OverrideRow]
    evidence: list[EvidenceRow]
    charts: dict[str, Any]

    @property
    def filename(self) -> str:
        name = re.sub(r'[\\/:*?"<>|\s]+', "", self.enterprise.name) or str(self.enterprise.pk)
        return _("诊断报告-{name}-{date}.docx").format(name=name, date=self.date.isoformat())
