"""Enterprise writes, one module per topic (re-exported here): the registry, the application's
state machine, the enterprise's application steps, the officials' reviews."""

from __future__ import annotations

from dxpilot.enterprises.services.applications import (
    attach_file,
    resubmit_application,
    retire_attachment,
    start_application,
    submit_application,
    update_declaration,
    withdraw_application,
)
from dxpilot.enterprises.services.honours import (
    HONOUR_RECORDERS,
    HonourData,
    may_record_honours,
    record_honour,
)
from dxpilot.enterprises.services.registry import (
    AUDITED,
    CREDIT_CODE_MESSAGES,
    SENSITIVE,
    Lookups,
    credit_code_error,
    may_edit,
    register_enterprise,
    require_registry_role,
    resolve_enterprise_data,
    reveal_enterprise_contacts,
    unavailable_code_message,
    update_enterprise,
    upsert_enterprise,
)
from dxpilot.enterprises.services.reviews import (
    admit_application,
    pass_district_review,
    reject_application,
    return_application,
)
from dxpilot.enterprises.services.transitions import (
    ENTERPRISE_EDITABLE,
    ENTERPRISE_ONLY,
    MAX_REASON_LENGTH,
    TRANSITIONS,
    WITHDRAWABLE,
    A,
    S,
    Transition,
    available_actions,
    return_transition,
)
from dxpilot.enterprises.types import EnterpriseData

__all__ = [
    "AUDITED",
    "CREDIT_CODE_MESSAGES",
    "ENTERPRISE_EDITABLE",
    "ENTERPRISE_ONLY",
    "HONOUR_RECORDERS",
    "MAX_REASON_LENGTH",
    "SENSITIVE",
    "TRANSITIONS",
    "WITHDRAWABLE",
    "A",
    "EnterpriseData",
    "HonourData",
    "Lookups",
    "S",
    "Transition",
    "admit_application",
    "attach_file",
    "available_actions",
    "credit_code_error",
    "may_edit",
    "may_record_honours",
    "pass_district_review",
    "record_honour",
    "register_enterprise",
    "reject_application",
    "require_registry_role",
    "resolve_enterprise_data",
    "resubmit_application",
    "retire_attachment",
    "return_application",
    "return_transition",
    "reveal_enterprise_contacts",
    "start_application",
    "submit_application",
    "unavailable_code_message",
    "update_declaration",
    "update_enterprise",
    "upsert_enterprise",
    "withdraw_application",
]
