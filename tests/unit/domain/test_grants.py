"""Partner grants and the rows of a partner's data file, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from jobexp.domain.errors import InvalidInput
from jobexp.domain.grants import Grant, check_new_grant, key_digest, new_key
from jobexp.domain.partner_import import ImportRow, Rejected, missing_columns, parse_row
from jobexp.policy.loader import load_policy

POLICY = load_policy()
TODAY = date(2026, 11, 30)
GRANT = Grant("g1", "marketing_partner", "marketing", frozenset({"account_identifier"}), TODAY)
NOW = datetime(2026, 11, 30, 2, tzinfo=UTC)


def test_a_key_is_high_entropy_and_only_its_digest_is_kept() -> None:
    key = new_key()
    assert key.startswith("jxp_") and len(key) >= 40
    assert key_digest(key) != key and len(key_digest(key)) == 64


def test_a_grant_is_live_through_its_last_day_then_refused() -> None:
    assert GRANT.refusal(TODAY) is None
    assert GRANT.refusal(date(2026, 12, 1)) == "partner.grant_ended"
    terminated = Grant("g1", "p", "marketing", frozenset(), TODAY, terminated_at=NOW)
    assert terminated.refusal(TODAY) == "partner.grant_terminated"


@pytest.mark.parametrize(
    ("recipient", "purpose", "categories", "ends"),
    [
        ("data_broker", "marketing", ("account_identifier",), date(2027, 1, 1)),
        ("marketing_partner", "weather", ("account_identifier",), date(2027, 1, 1)),
        ("marketing_partner", "marketing", ("personalization_profile",), date(2027, 1, 1)),
        ("marketing_partner", "marketing", ("account_identifier",), TODAY),
        ("marketing_partner", "marketing", ("account_identifier",), date(2027, 7, 1)),
    ],
)
def test_a_grant_beyond_the_policy_is_refused(
    recipient: str, purpose: str, categories: tuple[str, ...], ends: date
) -> None:
    with pytest.raises(InvalidInput):
        check_new_grant(
            POLICY,
            recipient_id=recipient,
            purpose=purpose,
            categories=categories,
            ends_on=ends,
            today=TODAY,
        )


def _row(**changes: str) -> dict[str, str | None]:
    row: dict[str, str | None] = {
        "user_id": "u1",
        "category": "account_identifier",
        "value": "a@example.com",
        "consent_reference": "C-1",
        "consented_at": "2026-11-01T08:00:00+08:00",
    }
    return row | changes


def test_a_good_row_keeps_its_consent_time_in_utc() -> None:
    parsed = parse_row(2, _row(), GRANT, NOW)
    assert isinstance(parsed, ImportRow) and parsed.consented_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"value": ""}, "missing value"),
        ({"category": "birth_date"}, "outside the grant"),
        ({"consented_at": "yesterday"}, "not an ISO 8601"),
        ({"consented_at": "2026-11-01T08:00:00"}, "no time zone"),
        ({"consented_at": "2027-01-01T00:00:00Z"}, "in the future"),
        ({"value": "x" * 1001}, "longer than"),
    ],
)
def test_a_bad_row_says_why(changes: dict[str, str], reason: str) -> None:
    parsed = parse_row(7, _row(**changes), GRANT, NOW)
    assert isinstance(parsed, Rejected) and parsed.line == 7 and reason in parsed.reason


def test_a_file_without_the_columns_is_named() -> None:
    assert missing_columns(["user_id", "value"]) == [
        "category",
        "consent_reference",
        "consented_at",
    ]
