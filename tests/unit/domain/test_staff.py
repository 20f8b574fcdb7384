"""Staff roles: least privilege, and a stated purpose for every look at a user's data."""

from __future__ import annotations

import pytest

from jobexp.domain.errors import Forbidden, InvalidInput
from jobexp.domain.staff import PERMISSIONS, StaffMember, parse_role, require, stated_purpose


def test_no_role_both_manages_staff_and_sees_users_data() -> None:
    for permissions in PERMISSIONS.values():
        assert not {"staff.manage", "user.view"} <= permissions


def test_support_cannot_decide_a_disclosure() -> None:
    with pytest.raises(Forbidden):
        require(StaffMember("s1", "s@jobexp.example", "support"), "disclosure.decide")


def test_an_unknown_role_is_refused() -> None:
    with pytest.raises(InvalidInput):
        parse_role("root")


def test_a_purpose_is_required_and_kept_short() -> None:
    with pytest.raises(InvalidInput):
        stated_purpose("   look   ")
    assert stated_purpose("Ticket  42:\n sign-in problem") == "Ticket 42: sign-in problem"
    assert len(stated_purpose("x" * 1000)) == 300
