"""The answer sheet (DESIGN §5): parse and validate, reporting every problem at once.

Contract::

    {"edition": "2024", "industry": "3670",
     "answers": {"B1.1": ["B", "C"], "B1.2": "D", ...},      # all questions of the edition
     "scenes": {"产品设计": 2, "生产管控": 3, ...}}             # all scenes, level 0..4

Decisions (the standard does not say):

- A single-choice answer is an option key (``"D"``); a one-element list (``["D"]``) is accepted too.
  A list with more than one distinct key for a single-choice question is an error.
- A multi-choice answer is a list of keys; a bare key (``"B"``) is accepted as a one-element list,
  since it cannot be misread. An empty list is an error: "nothing applies" is answered with 无.
- 无 is exclusive: the option whose text is 无 and whose score is 0 cannot be chosen together with
  another option of the same multi-choice question.
- Every question and every scene must be present (0 = the scene has not reached 一级); unknown
  top-level fields, questions and scenes are errors, so nothing is silently dropped. Scene levels
  must be JSON integers: ``true``, ``2.0`` and ``"2"`` are refused.
- ``industry`` is optional (a string or null) and only passed through: the caller resolves it into
  a constraint scene set.
- Errors have ``field`` (``""`` for the sheet itself, ``"edition"``, ``"answers.B1.2"``,
  ``"scenes.产品设计"``), a stable ``code`` and a Chinese ``message`` naming the wrong value. Codes:
  invalid_json, invalid_type, duplicate_key, unknown_field, missing_field, unknown_edition,
  unknown_question, unknown_option, empty_answer, duplicate_option, too_many_options,
  exclusive_option, missing_answer, unknown_scene, invalid_scene_level, missing_scene.

Validation has a fast path (``_fast.fast_check``: a few C-level calls for a well-formed sheet,
None at the first oddity) and a complete path (``_full_check.full_check``) that finds every
problem; the fast path never decides that a sheet is wrong.
"""

from __future__ import annotations

import json
import json.scanner

from . import _messages as msg
from ._fast import fast_check
from ._full_check import full_check
from .sheet_types import AnswerSheet, CheckedSheet, DuplicateKeysDict, SheetError, SheetIssue

__all__ = ["AnswerSheet", "SheetError", "SheetIssue", "parse_sheet"]


def parse_sheet(data: object) -> AnswerSheet:
    """Validate a sheet (parsed JSON) and return it normalised; raise SheetError listing all problems."""
    return check_sheet(data).normalise()


def check_sheet(data: object, constraint_scenes: frozenset[str] | None = None) -> CheckedSheet:
    """Validate a sheet and, in the same pass, compute question units and scene counts."""
    fast = fast_check(data, constraint_scenes)
    if fast is not None:
        return CheckedSheet._make(fast)
    return full_check(data, constraint_scenes)


# The C scanner behind json.loads, called directly: json.loads adds two Python layers and two
# whitespace regex matches around it, a tenth of the cost of parsing a sheet.
_scan_once = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]


def _loads(text: str | bytes) -> object:
    """``json.loads`` for a sheet: the bare scanner when the text is exactly one JSON value."""
    if type(text) is bytes:  # as json.loads does (UTF-8, or UTF-16/32 by their first bytes)
        text = text.decode(json.detect_encoding(text), "surrogatepass")
    if type(text) is str:
        try:
            data, end = _scan_once(text, 0)
        except (StopIteration, json.JSONDecodeError):  # leading whitespace, or an error
            pass
        else:
            if end == len(text):
                return data
    return json.loads(text)  # trailing whitespace, bytes, errors: exactly json.loads


def check_json(text: str | bytes, constraint_scenes: frozenset[str] | None = None) -> CheckedSheet:
    """Parse and validate sheet JSON text; keys repeated within an object are errors too.

    Plain ``json.loads`` keeps the last of repeated keys, and an ``object_pairs_hook`` that would
    notice costs about a fifth of a ``json.loads``. So the hook is used only when a cheap, sound
    check fails: every key/value pair has exactly one structural colon, so the colons in the text
    are at least the pairs written; if a valid sheet (whose pair count is known) has exactly that
    many colons, no key was repeated. Otherwise (colons inside strings, an invalid sheet, a repeated
    key) the text is parsed again with the hook and fully checked.
    """
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        raise SheetError([SheetIssue("", "invalid_json", msg.invalid_json(exc))]) from exc
    except UnicodeDecodeError as exc:
        raise SheetError([SheetIssue("", "invalid_json", msg.invalid_encoding())]) from exc
    fast = fast_check(data, constraint_scenes)
    if fast is not None:
        # In UTF-8 a byte 0x3A is always ":"; in UTF-16/32 it may also be part of another
        # character, which only makes the count larger (and the check falls back).
        colons = text.count(b":") if type(text) is bytes else text.count(":")  # type: ignore[arg-type]
        if colons == len(data) + fast[0].pair_count:  # type: ignore[arg-type]
            return CheckedSheet._make(fast)
    return check_sheet(json.loads(text, object_pairs_hook=_pairs_hook), constraint_scenes)


def _pairs_hook(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    marked = DuplicateKeysDict(result)
    seen: set[str] = set()
    marked.duplicates = []
    for key, _value in pairs:
        if key in seen and key not in marked.duplicates:
            marked.duplicates.append(key)
        seen.add(key)
    return marked
