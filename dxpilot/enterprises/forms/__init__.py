"""Enterprise forms: the registry record and the application steps."""

from __future__ import annotations

from dxpilot.enterprises.forms.applications import (
    COMMON_REASONS,
    FUNDED_CHOICES,
    PLEDGE_TEXT,
    AdmitForm,
    AttachmentForm,
    DecisionForm,
    DeclarationForm,
    ReasonsForm,
    SubmitForm,
    VersionForm,
    WithdrawForm,
)
from dxpilot.enterprises.forms.honours import HonourForm
from dxpilot.enterprises.forms.registry import (
    EnterpriseForm,
)

__all__ = [
    "COMMON_REASONS",
    "FUNDED_CHOICES",
    "PLEDGE_TEXT",
    "AdmitForm",
    "AttachmentForm",
    "DecisionForm",
    "DeclarationForm",
    "EnterpriseForm",
    "HonourForm",
    "ReasonsForm",
    "SubmitForm",
    "VersionForm",
    "WithdrawForm",
]
