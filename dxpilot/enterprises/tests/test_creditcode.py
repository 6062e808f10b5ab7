"""统一社会信用代码 (GB 32100-2015): length, alphabet, division digits and the mod-31 check character."""

from __future__ import annotations

import pytest

from dxpilot.enterprises.creditcode import (
    ALPHABET,
    check_character,
    credit_code_problem,
    is_valid_credit_code,
    normalise_credit_code,
)
from dxpilot.enterprises.services import credit_code_error

# Published codes of real companies (华为技术, 阿里巴巴（中国）, 腾讯科技（深圳）).
KNOWN_VALID = ("914403001922038216", "91330100799655058B", "9144030071526726XG")


def test_known_codes_are_valid() -> None:
    for code in KNOWN_VALID:
        assert is_valid_credit_code(code), code


def test_the_check_character_is_computed_from_the_first_seventeen() -> None:
    assert check_character("91110000802100433") == "B"
    assert check_character("914403001922038216"[:17]) == "6"
    assert check_character("9144030071526726X") == "G"


def test_a_wrong_check_character_is_refused() -> None:
    code = "91110000802100433B"
    for wrong in ALPHABET.replace("B", ""):
        assert credit_code_problem(code[:17] + wrong) == "check"


def test_wrong_lengths_are_refused() -> None:
    assert credit_code_problem("91110000802100433") == "length"
    assert credit_code_problem("91110000802100433BB") == "length"
    assert credit_code_problem("") == "length"


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_letters_outside_the_alphabet_are_refused(letter: str) -> None:
    assert credit_code_problem("91340100MA2MQWT7" + letter + "E") == "alphabet"


def test_lower_case_letters_are_refused_until_normalised() -> None:
    code = "9144030071526726xg"
    assert credit_code_problem(code) == "alphabet"
    assert normalise_credit_code(" 9144 0300715267 26xg ") == "9144030071526726XG"
    assert is_valid_credit_code(normalise_credit_code(code))


def test_the_division_digits_must_be_digits() -> None:
    first17 = "91A40100MA2MQWT70"
    assert credit_code_problem(first17 + check_character(first17)) == "division"


def test_users_read_each_problem_in_chinese() -> None:
    assert (
        credit_code_error("91110000802100433A")
        == "统一社会信用代码“91110000802100433A”的校验位不正确。"
    )
    assert credit_code_error("123") == "统一社会信用代码“123”应为18位。"
    assert (
        credit_code_error("91340100MA2MQWT7OE")
        == "统一社会信用代码“91340100MA2MQWT7OE”含有不允许的字符（不使用 I、O、S、V、Z）。"
    )
    assert credit_code_error("91110000802100433B") is None
