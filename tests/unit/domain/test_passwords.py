"""Password rules of decision D10."""

from __future__ import annotations

import pytest

from jobexp.adapters.common_passwords import common_passwords
from jobexp.domain.errors import InvalidInput
from jobexp.domain.passwords import check_new_password

COMMON = common_passwords()


def _refusal(password: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        check_new_password(password, COMMON)
    return caught.value.message_key


def test_seven_characters_are_too_short() -> None:
    assert _refusal("abcdefg") == "password.too_short"


def test_sixty_four_characters_are_allowed() -> None:
    check_new_password("a1 " * 21 + "z", COMMON)


def test_no_composition_rules_apply() -> None:
    check_new_password("lowercase only phrase", COMMON)


def test_unicode_passwords_are_allowed() -> None:
    check_new_password("我的密码很长很安全啊", COMMON)


@pytest.mark.parametrize("password", ["password", "12345678", "PASSWORD1", "qwertyuiop"])
def test_common_passwords_are_refused_whatever_their_case(password: str) -> None:
    assert _refusal(password) == "password.common"


def test_overlong_passwords_are_refused() -> None:
    assert _refusal("x" * 129) == "password.too_long"
