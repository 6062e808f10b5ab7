"""统一社会信用代码 (GB 32100-2015): 18 characters, the last one a mod-31 check character."""

from __future__ import annotations

import unicodedata

# The code's alphabet: digits and 21 capitals (I, O, S, V and Z are never used).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {ch: n for n, ch in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """None if valid; otherwise a short English reason (callers translate for users)."""
    if len(code) != 18:
        return "length"
    if any(ch not in _VALUE for ch in code):
        return "alphabet"
    if not code[2:8].isdigit():
        return "division"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None


def is_valid_credit_code(code: str) -> bool:
    return credit_code_problem(code) is None


def normalise_credit_code(code: str) -> str:
    """The code as stored: NFKC (full-width ９１３４… typed with a Chinese IME becomes 9134…),
    no spaces, no invisible or control characters (a zero-width space copied from a web page),
    upper case. Every door (form, import, API) uses this one folding."""
    folded = unicodedata.normalize("NFKC", code)
    return "".join(
        ch for ch in folded if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc")
    ).upper()
