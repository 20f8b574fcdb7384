"""9b: photos, media and files serve only caching and the user's own storage (D9)."""

from __future__ import annotations

import pytest

from jobexp.domain.purposes import PurposeRules
from jobexp.policy.model import Policy
from tests.conformance._purposes import purposes_allowed

pytestmark = pytest.mark.clause("9b")


def test_files_and_media_serve_only_the_users_own_storage(
    rules: PurposeRules, policy: Policy
) -> None:
    assert purposes_allowed(rules, policy, "user_files") <= {"file_storage", "legal_disclosure"}
    assert policy.permission("photos_media_files").purpose == "file_storage"
