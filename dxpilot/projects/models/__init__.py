"""Transformation project models, one module per topic (re-exported, as zerver/models/ does)."""

from dxpilot.programs.evidence import EvidenceKind as EvidenceKind
from dxpilot.projects.models.contract import Contract as Contract
from dxpilot.projects.models.contract import InvestmentLine as InvestmentLine
from dxpilot.projects.models.evidence import Evidence as Evidence
from dxpilot.projects.models.plan import Plan as Plan
from dxpilot.projects.models.plan import PlanItem as PlanItem
from dxpilot.projects.models.project import Milestone as Milestone
from dxpilot.projects.models.project import ProjectEvent as ProjectEvent
from dxpilot.projects.models.project import ProjectStatus as ProjectStatus
from dxpilot.projects.models.project import TransformationProject as TransformationProject
