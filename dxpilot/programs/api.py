from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from dxpilot.accounts.api_auth import require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.programs.schemas import ProgramOut
from dxpilot.programs.selectors import current_program, program_overview

router = Router(tags=["programme"])


@router.get("", response=ProgramOut, summary="The current programme's configuration")
def get_program(request: HttpRequest) -> dict[str, object]:
    require_scope(request, ApiToken.Scope.PROGRAM_READ)
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    overview = program_overview(program)
    return {
        **{
            f: getattr(program, f)
            for f in (
                "key",
                "name",
                "city",
                "starts_on",
                "ends_on",
                "central_fund_cap",
                "assessment_edition",
                "subsidy_rule",
            )
        },
        "divisions": overview["divisions"] + overview["zones"],  # type: ignore[operator]
        "segments": [
            {
                "key": s.key,
                "name": s.name,
                "kind": s.kind,
                "industry_codes": [i.code for i in s.industries.all()],
            }
            for s in overview["segments"]  # type: ignore[attr-defined]
        ],
        "batches": overview["batches"],
        "targets": overview["targets"],
    }
