"""What the funding app adds to the project page (see dxpilot.projects.links)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from dxpilot.projects.links import PageLink
from dxpilot.projects.models import ProjectStatus, TransformationProject

# From completion on, the project has an acceptance and subsidy page.
AFTER_COMPLETION = frozenset(
    {
        ProjectStatus.COMPLETED,
        ProjectStatus.ACCEPTANCE,
        ProjectStatus.ACCEPTED,
        ProjectStatus.REFUSED,
        ProjectStatus.SUBSIDISED,
        ProjectStatus.CLOSED,
    }
)


def acceptance_link(project: TransformationProject, user: Any) -> list[PageLink]:
    if project.status not in AFTER_COMPLETION:
        return []
    return [PageLink(_("验收与奖补"), reverse("funding:acceptance", args=[project.pk]))]
