"""The policies API (/api/v1/policies): public read, no token needed (policies are public
documents); the same search and scope as the public list."""

from django.http import HttpRequest
from ninja import Query, Router, Schema

from dxpilot.policies import selectors
from dxpilot.policies.models import Policy
from dxpilot.policies.schemas import PolicyOut, PolicyPageOut
from dxpilot.programs.selectors import current_program

router = Router(tags=["policies"], auth=None)
MAX_PAGE_SIZE = 100


class PolicyFilters(Schema):
    q: str = ""
    level: str = ""
    kind: str = ""
    validity: str = ""
    page: int = 1
    page_size: int = 20


@router.get("", response=PolicyPageOut, summary="Published policies, searchable (jieba)")
def list_policies(request: HttpRequest, filters: Query[PolicyFilters]) -> dict[str, object]:
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    result = selectors.search_policies(
        request.user,
        current_program(),
        selectors.Filters(
            q=filters.q[:100], level=filters.level, kind=filters.kind, validity=filters.validity
        ),
        filters.page,
        per_page=size,
    )
    ids = [r.policy.pk for r in result.results]
    # Divisions and segments of the page in two queries, whatever the page size.
    loaded = {
        p.pk: p for p in Policy.objects.filter(pk__in=ids).prefetch_related("divisions", "segments")
    }
    items = []
    for r in result.results:
        policy = loaded[r.policy.pk]
        policy.matched = r.matched  # type: ignore[attr-defined]
        items.append(policy)
    return {
        "count": result.total,
        "page": result.page.number,
        "page_size": size,
        "items": items,
    }


@router.get("/{int:policy_id}", response=PolicyOut, summary="One policy (404 if not public)")
def get_policy(request: HttpRequest, policy_id: int) -> Policy:
    return selectors.get_policy_for_user(request.user, policy_id)
