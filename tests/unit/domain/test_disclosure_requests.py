"""The disclosure rules without a database: one basis, its conditions, its categories."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from jobexp.domain.disclosure_requests import (
    DisclosureRefused,
    Filing,
    check_approver,
    check_filing,
    check_transition,
)
from jobexp.domain.errors import Conflict, InvalidInput
from jobexp.policy.loader import load_policy
from jobexp.types import UserId

POLICY = load_policy()
TODAY = date(2026, 11, 30)
AUTHORITY = Filing(
    user_id=UserId("u1"),
    recipient="Haidian PSB",
    basis="5c",
    categories=("account_identifier",),
    recipient_region="CN",
    reference="京公海(2026)1",
    authority="Haidian PSB",
)


def _refusal(**changes: object) -> str:
    with pytest.raises((DisclosureRefused, InvalidInput)) as refused:
        check_filing(dataclasses.replace(AUTHORITY, **changes), POLICY, TODAY)  # type: ignore[arg-type]
    return refused.value.message_key


def test_an_authority_request_is_a_legal_disclosure_read_in_the_recipients_region() -> None:
    checked = check_filing(AUTHORITY, POLICY, TODAY)
    access = checked.access()
    assert (access.purpose, access.action, access.recipient, access.region) == (
        "legal_disclosure",
        "read",
        None,
        "CN",
    )


def test_a_consent_basis_shares_with_the_declared_recipient_under_its_purpose() -> None:
    filing = dataclasses.replace(
        AUTHORITY, basis="5a", recipient="navigation_provider", categories=("location_precise",)
    )
    access = check_filing(filing, POLICY, TODAY).access()
    assert (access.purpose, access.action, access.recipient) == (
        "navigation_share",
        "share",
        "navigation_provider",
    )


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"basis": ""}, "disclosure.no_basis"),
        ({"basis": "5z"}, "disclosure.no_basis"),
        ({"categories": ()}, "disclosure.no_categories"),
        ({"reference": ""}, "disclosure.needs_authority"),
        ({"recipient_region": "US"}, "disclosure.foreign_authority"),
        ({"basis": "5b", "reference": ""}, "disclosure.needs_service_request"),
        ({"basis": "5a", "recipient": "data_broker"}, "disclosure.recipient_not_declared"),
        ({"basis": "5d"}, "disclosure.needs_violation"),
        ({"basis": "5e", "reference": ""}, "disclosure.needs_complaint"),
        ({"basis": "5g", "citation": "short"}, "disclosure.needs_citation"),
        ({"categories": ("password_hash",)}, "disclosure.categories_outside_basis"),
        (
            {"basis": "5f", "categories": ("location_coarse",)},
            "disclosure.categories_outside_basis",
        ),
        ({"hold_until": TODAY}, "disclosure.hold_range"),
        ({"hold_until": TODAY + timedelta(days=400)}, "disclosure.hold_range"),
        ({"basis": "5f", "hold_until": TODAY + timedelta(days=3)}, "disclosure.hold_not_allowed"),
    ],
)
def test_each_missing_condition_is_named(changes: dict[str, object], key: str) -> None:
    assert _refusal(**changes) == key


def test_only_a_second_member_of_staff_approves_a_5g_request() -> None:
    with pytest.raises(DisclosureRefused):
        check_approver("5g", "alice", "alice")
    check_approver("5g", "alice", "bob")
    check_approver("5c", "alice", "alice")


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        ("filed", "executed"),
        ("refused", "approved"),
        ("executed", "executed"),
        ("approved", "refused"),
    ],
)
def test_a_request_moves_only_forward(current: str, wanted: str) -> None:
    with pytest.raises(Conflict):
        check_transition(current, wanted)  # type: ignore[arg-type]
