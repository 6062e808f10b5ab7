"""Every page an English reader opens is English: the words come from the catalogue, and the only
Chinese left is data (names, addresses and texts people typed, the programme file, the
assessment standard's wording).

The test builds the small demo world, then, for each role, follows every link and HTMX request
from the home page (GET only, each route a few times) with an English browser. On each page it
takes every run of Han characters and fails unless the run is part of a stored value: a string
in any row of the database, in the programme file or in the indicator set. A word that leaks
from code or a template (a label, a status, a sentence stored as words) is in none of them.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections import Counter, deque
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation

from dxpilot.accounts.models import Role, User
from dxpilot.programs.models import Program

HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
LINK = re.compile(r'(?:href|hx-get)="(/[^"#?]*(?:\?[^"#]*)?)"')
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S)
PER_ROUTE = 3  # pages per URL pattern per role
SKIP = ("/static/", "/media/", "/accounts/logout", "/i18n/", "/api/", "/admin/")
ROOT = Path(settings.BASE_DIR)


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    language = translation.get_language()
    yield
    translation.activate(language)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def data_corpus() -> str:
    """Every stored text: rows of every model, the programme file, the indicator sets."""
    texts: list[str] = []
    for model in apps.get_models():
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not names:
            continue
        for row in model._default_manager.values_list(*names).iterator():
            for value in row:
                if isinstance(value, str) and value[:1] in "[{":
                    with contextlib.suppress(ValueError):
                        value = json.loads(value)
                texts.extend(s for s in _strings(value) if HAN_RUN.search(s))
    files = [
        ROOT / "programs" / "hefei.yaml",
        *ROOT.glob("dxpilot/assessment/indicator_sets/*.json"),
    ]
    texts.extend(path.read_text(encoding="utf-8") for path in files)
    # Configuration: the platform's name, and each language named in itself in the switcher.
    texts.append(settings.SITE_NAME)
    texts.extend(
        translation.get_language_info(code)["name_local"] for code, _n in settings.LANGUAGES
    )
    # Decrypted personal data (stored encrypted) as the pages show it.
    from dxpilot.enterprises.models import Enterprise

    for enterprise in Enterprise.objects.all():
        texts.extend(str(getattr(enterprise, n, "") or "") for n in ("contact_name", "address"))
    return "\x00".join(texts)


def _route(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return None


def crawl(
    client: Client, corpus: str, language: str = "en", broken: dict[str, str] | None = None
) -> tuple[int, dict[str, set[str]]]:
    """Pages visited and, per Han run not found in the data, the pages showing it. A link that
    answers with an error goes into `broken` (link -> the page that showed it)."""
    seen_routes: Counter[str] = Counter()
    queue, visited = deque([("/", "")]), set()
    leaks: dict[str, set[str]] = {}
    pages = 0
    while queue:
        path, referrer = queue.popleft()
        if path in visited or path.startswith(SKIP):
            continue
        visited.add(path)
        route = _route(path)
        if route is None or seen_routes[route] >= PER_ROUTE:
            continue
        seen_routes[route] += 1
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        if response.status_code >= 400 and broken is not None:
            broken[f"{path} ({response.status_code})"] = referrer
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        text = html.unescape(SCRIPT_OR_STYLE.sub("", response.content.decode()))
        for run in set(HAN_RUN.findall(text)):
            if run not in corpus:
                leaks.setdefault(run, set()).add(path)
        for link in LINK.findall(response.content.decode()):
            link = html.unescape(urldefrag(link).url)
            if link not in visited:
                queue.append((link, path))
    return pages, leaks


def test_every_page_reads_in_english_for_every_role(program: Program) -> None:
    call_command("demo_data", "--scale", "small", stdout=StringIO())
    corpus = data_corpus()
    report, total, dead_ends = [], 0, []
    for role in sorted(set(Role.values) - {Role.API_CLIENT}):
        user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
        assert user is not None, role
        client = Client()
        client.force_login(user)
        broken: dict[str, str] = {}
        pages, leaks = crawl(client, corpus, broken=broken)
        dead_ends += [f"{role}: {link} linked from {page}" for link, page in broken.items()]
        total += pages
        assert pages > 5, f"{role}: only {pages} pages reached"
        report += [
            f"{role}: {run!r} on {sorted(where)[:3]}" for run, where in sorted(leaks.items())
        ]
    anonymous, leaks = crawl(Client(), corpus)
    total += anonymous
    print(f"English walk: {total} pages")
    report += [f"anonymous: {run!r} on {sorted(where)[:3]}" for run, where in sorted(leaks.items())]
    assert total > 100
    # The walk sees words: the same pages in Chinese show many runs that are in no data.
    _pages, chinese = crawl(Client(), corpus, language="zh-hans")
    assert len(chinese) > 10
    assert not dead_ends, "links that answer with an error:\n" + "\n".join(dead_ends)
    assert not report, f"Chinese outside data on English pages ({len(report)}):\n" + "\n".join(
        report[:80]
    )
