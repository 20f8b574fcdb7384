"""9c: the call log is used on the device only, for a support call-back (D9)."""

from __future__ import annotations

import pytest

from jobexp.domain.purposes import PurposeRules
from jobexp.policy.model import Policy
from tests.conformance._purposes import purposes_allowed

pytestmark = pytest.mark.clause("9c")


def test_the_call_log_never_reaches_the_server(rules: PurposeRules, policy: Policy) -> None:
    assert purposes_allowed(rules, policy, "call_log") == set()
    assert policy.permission("phone_call_log").purpose == "support_callback"
