"""The English catalogue (locale/en) is complete, keeps every placeholder, is compiled, and is used.

Chinese is the source language (the msgids); `make messages` extracts new strings into
locale/en/LC_MESSAGES/django.po. A new msgid left untranslated (or marked fuzzy) fails here until it
is translated and the .mo recompiled.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from dxpilot.testing import World, client_for

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
# {name}, %(name)s, %s / %d / %%, and HTML tags inside a msgid must all survive translation.
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}|%\([a-z_0-9]+\)[sd]|%[sd%]|</?[a-z]+[^>]*>")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    obsolete: bool = False


def _unquote(literal: str) -> str:
    body = literal.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), body)


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader (entries separated by blank lines; continuation lines are quoted)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    key: tuple[str, int] = ("", 0)
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry = None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(
            r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line
        ):
            name, index, literal = match.group(1), int(match.group(2) or 0), match.group(3)
            key = (name, index)
            _append(entry, key, _unquote(literal), start=True)
        else:
            assert line.startswith('"'), f"{path}:{number}: unexpected line {raw!r}"
            _append(entry, key, _unquote(line), start=False)
    return entries


def _append(entry: Entry, key: tuple[str, int], text: str, *, start: bool) -> None:
    name, index = key
    if name == "msgctxt":
        entry.msgctxt = text if start else (entry.msgctxt or "") + text
    elif name == "msgid":
        entry.msgid = text if start else entry.msgid + text
    elif name == "msgid_plural":
        entry.msgid_plural = text if start else (entry.msgid_plural or "") + text
    else:
        entry.msgstr[index] = text if start else entry.msgstr.get(index, "") + text


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    """LocaleMiddleware activates the request's language for the thread and leaves it active:
    without this, later tests in the same worker would render English."""
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    assert PO.exists(), f"{PO} is missing: run `make messages`"
    found = [e for e in parse_po(PO) if e.msgid and not e.obsolete]
    assert len(found) > 1000  # the whole UI, not a stub
    return found


def _where(entry: Entry) -> str:
    return f"django.po:{entry.line} {entry.msgid[:60]!r}"


def test_every_english_entry_is_translated_and_none_is_fuzzy(entries: list[Entry]) -> None:
    untranslated = [
        _where(e) for e in entries if not e.msgstr or any(not s.strip() for s in e.msgstr.values())
    ]
    fuzzy = [_where(e) for e in entries if "fuzzy" in e.flags]
    assert not untranslated, "untranslated (run `make messages` and translate):\n" + "\n".join(
        untranslated
    )
    assert not fuzzy, "fuzzy (check, then remove the flag):\n" + "\n".join(fuzzy)


def test_plural_entries_have_both_english_forms(entries: list[Entry]) -> None:
    plurals = [e for e in entries if e.msgid_plural is not None]
    assert plurals
    for entry in plurals:
        assert sorted(entry.msgstr) == [0, 1], _where(entry)
        assert entry.msgstr[0] != entry.msgstr[1], _where(
            entry
        )  # "1 enterprise" vs "2 enterprises"


def test_translations_keep_every_placeholder(entries: list[Entry]) -> None:
    def wanted(entry: Entry) -> list[Counter[str]]:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        return [Counter(PLACEHOLDER.findall(s)) for s in sources]

    broken = [
        f"{_where(entry)} -> {text!r}"
        for entry in entries
        for text in entry.msgstr.values()
        if Counter(PLACEHOLDER.findall(text)) not in wanted(entry)
    ]
    assert not broken, "placeholders changed:\n" + "\n".join(broken)


def test_the_committed_mo_is_compiled_from_the_po(entries: list[Entry]) -> None:
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        if entry.msgid_plural is not None:
            got = [catalogue.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
            want = [entry.msgstr[0], entry.msgstr[1]]
        elif entry.msgctxt is not None:
            got, want = [catalogue.pgettext(entry.msgctxt, entry.msgid)], [entry.msgstr[0]]
        else:
            got, want = [catalogue.gettext(entry.msgid)], [entry.msgstr[0]]
        if got != want:
            stale.append(_where(entry))
    assert not stale, "django.mo is out of date (run `make messages`):\n" + "\n".join(stale[:20])


def test_the_login_page_is_english_for_an_english_browser(db: None) -> None:
    html = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in html
    assert "<h1>Sign in</h1>" in html
    assert "登录" not in html


def test_chinese_stays_the_default(db: None) -> None:
    html = Client().get("/accounts/login/").content.decode()
    assert "<h1>登录</h1>" in html


def test_the_language_switch_turns_the_pages_english(world: World) -> None:
    client = client_for(world.city_admin)
    assert "市级工作台" in client.get("/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "City workspace" in html
    assert "市级工作台" not in html
