"""What the cases app adds to the project page (see dxpilot.projects.links): once the project
passed acceptance, the officials who write cases get a link to draft one from it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from dxpilot.accounts.scope import scope_of
from dxpilot.cases.selectors import ACCEPTED, EDITORS
from dxpilot.projects.links import PageLink
from dxpilot.projects.models import TransformationProject


def case_link(project: TransformationProject, user: Any) -> list[PageLink]:
    if project.status not in ACCEPTED or scope_of(user).role not in EDITORS:
        return []
    return [PageLink(_("起草典型案例"), reverse("cases:new", args=[project.pk]))]
