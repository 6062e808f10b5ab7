"""Reads of enterprise honours, scoped like the enterprises they belong to."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.enterprises.models import Honour, HonourKind
from dxpilot.enterprises.selectors.registry import visible_enterprises


def visible_honours(user: Any) -> QuerySet[Honour]:
    """The honours of the enterprises the user may see."""
    return Honour.objects.filter(enterprise__in=visible_enterprises(user).values("pk"))


def get_honour_for_user(user: Any, pk: int) -> Honour:
    """404 whether the honour does not exist or its enterprise is out of scope."""
    honour = visible_honours(user).select_related("enterprise").filter(pk=pk).first()
    if honour is None:
        raise Http404(_("没有找到该荣誉记录，或您无权查看。"))
    return honour


def search_honours(user: Any, *, kinds: list[str], recorded_by: str = "") -> QuerySet[Honour]:
    """The honours list: filtered by kind (several allowed, as a KPI counts several) and by who
    recorded them (the KPI row links here)."""
    honours = visible_honours(user).select_related("enterprise", "recorded_by")
    valid = [kind for kind in kinds if kind in HonourKind.values]
    if valid:
        honours = honours.filter(kind__in=valid)
    if recorded_by.isdigit():
        honours = honours.filter(recorded_by_id=int(recorded_by))
    return honours.order_by("-awarded_on", "-pk")


def enterprise_honours(enterprise_id: int) -> QuerySet[Honour]:
    """One enterprise's honours for its page (the page already checked the scope)."""
    return Honour.objects.filter(enterprise_id=enterprise_id).select_related("recorded_by")
