"""Masking of personal and commercial data for pages, exports and the API."""

from __future__ import annotations

from dxpilot.core.masking import mask_account, mask_email, mask_name, mask_phone, mask_text


def test_a_mobile_number_keeps_its_prefix_and_last_four_digits() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(" 13812345678 ") == "138****5678"


def test_a_landline_keeps_only_its_last_four_digits() -> None:
    assert mask_phone("5512345678") == "******5678"
    assert mask_phone("0551-65551234") == "055******1234"


def test_a_very_short_phone_is_fully_masked() -> None:
    assert mask_phone("1234") == "****"
    assert mask_phone("") == ""


def test_an_email_keeps_its_first_letter_and_domain() -> None:
    assert mask_email("zhangwei@example.cn") == "z***@example.cn"
    assert mask_email("a@b.cn") == "a***@b.cn"


def test_text_without_an_at_sign_is_masked_as_text() -> None:
    assert mask_email("not-an-email") == "n**********l"


def test_an_account_shows_only_its_last_four() -> None:
    assert mask_account("6222021234567890123") == "**** 0123"
    assert mask_account("6222 0212 3456 7890 123") == "**** 0123"
    assert mask_account("123") == "***"


def test_a_name_keeps_its_surname() -> None:
    assert mask_name("张伟") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("李") == "李"
    assert mask_name("") == ""


def test_text_keeps_its_first_and_last_character() -> None:
    assert mask_text("合肥市蜀山区") == "合****区"
    assert mask_text("ab") == "**"


def test_masking_never_returns_the_original() -> None:
    for value in ("13812345678", "zhangwei@example.cn", "6222021234567890123", "张伟"):
        for mask in (mask_phone, mask_email, mask_account, mask_name, mask_text):
            assert mask(value) != value or len(value) <= 1
