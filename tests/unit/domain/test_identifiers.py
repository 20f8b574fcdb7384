"""Sign-up identifiers: emails and mainland mobile numbers."""

from __future__ import annotations

import pytest

from jobexp.domain.errors import InvalidInput
from jobexp.domain.identifiers import parse_identifier


def test_email_is_normalized_to_lower_case() -> None:
    assert parse_identifier("  Alice@Example.COM ").value == "alice@example.com"


def test_mainland_mobile_is_normalized_to_e164() -> None:
    parsed = parse_identifier("138 0013 8000")
    assert (parsed.kind, parsed.value) == ("mobile", "+8613800138000")


def test_mobile_with_country_code_is_accepted() -> None:
    assert parse_identifier("+86 13800138000").value == "+8613800138000"


@pytest.mark.parametrize(
    "raw",
    ["12345", "+1 650 253 0000", "+852 5123 4567", "010 6552 9988", "2800138000", "not-an-email@"],
)
def test_non_mainland_or_non_mobile_numbers_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        parse_identifier(raw)


@pytest.mark.parametrize("raw", ["", " ", "a\x00b@example.com", "x" * 300, "a@b\n.com"])
def test_empty_oversize_and_control_characters_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        parse_identifier(raw)


def test_masked_email_hides_the_local_part() -> None:
    assert parse_identifier("alice@example.com").masked() == "a***@example.com"


def test_masked_mobile_keeps_only_the_ends() -> None:
    assert parse_identifier("13800138000").masked() == "+86138****00"
