"""Typical-case models (re-exported here)."""

from dxpilot.cases.models.case import Case as Case
from dxpilot.cases.models.case import CaseImage as CaseImage
from dxpilot.cases.models.case import CaseKind as CaseKind
from dxpilot.cases.models.case import CaseStatus as CaseStatus
