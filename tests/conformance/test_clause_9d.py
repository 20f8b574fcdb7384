"""9d: the camera serves only the avatar (D9)."""

from __future__ import annotations

import pytest

from jobexp.domain.purposes import PurposeRules
from jobexp.policy.model import Policy
from tests.conformance._purposes import purposes_allowed

pytestmark = pytest.mark.clause("9d")


def test_the_camera_serves_only_the_avatar(rules: PurposeRules, policy: Policy) -> None:
    assert purposes_allowed(rules, policy, "avatar_photo") == {"avatar"}
    assert policy.permission("camera").purpose == "avatar"
