"""Acceptance and funding models, one module per topic (re-exported, as zerver/models/ does)."""

from dxpilot.funding.models.acceptance import Acceptance as Acceptance
from dxpilot.funding.models.flags import Flag as Flag
from dxpilot.funding.models.flags import FlagKind as FlagKind
from dxpilot.funding.models.followup import FollowUp as FollowUp
from dxpilot.funding.models.subsidy import Disbursement as Disbursement
from dxpilot.funding.models.subsidy import DisbursementBatch as DisbursementBatch
from dxpilot.funding.models.subsidy import Subsidy as Subsidy
