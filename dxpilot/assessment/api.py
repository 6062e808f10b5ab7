from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.assessment import engine
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.render import render_result
from dxpilot.assessment.schemas import AssessmentOut, SheetErrorOut
from dxpilot.assessment.selectors import get_assessment_for_user
from dxpilot.core.jsonbody import checked_body

router = Router(tags=["assessment"])

SHEET_EXAMPLE = {
    "edition": "2024",
    "industry": "3670",
    "answers": {"B1.1": ["B", "C"], "B1.2": "D", "M2.2": "C"},
    "scenes": {"产品设计": 2, "生产管控": 3},
}


@router.post(
    "/score",
    response={200: dict[str, Any], 422: SheetErrorOut},
    summary="Score an answer sheet without storing it",
    description="Body: the answer sheet of DESIGN §5 (all 15 questions and 16 scenes). Returns the score "
    "result with level, the rules that held or failed and the gap to the next level. Every problem of "
    "a bad sheet is listed at once (422).",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "object"}, "example": SHEET_EXAMPLE}
            },
        }
    },
)
def score(request: HttpRequest) -> Status[Any]:
    require_scope(request, ApiToken.Scope.ASSESSMENT_SCORE)
    try:
        result = engine.score_json(checked_body(request))
    except engine.SheetError as exc:
        return Status(422, {"detail": _("答题表有误，未计分。"), "errors": exc.to_list()})
    return Status(200, render_result(result.to_dict()))


@router.get(
    "/{int:assessment_id}", response=AssessmentOut, summary="One assessment (404 if out of scope)"
)
def get_assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    require_scope(request, ApiToken.Scope.ASSESSMENT_READ)
    return get_assessment_for_user(request.user, assessment_id)
