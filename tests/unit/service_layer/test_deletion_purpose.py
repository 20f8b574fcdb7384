"""Account deletion is the user's right (PIPL 47): it runs under data_rights, not consents."""

from __future__ import annotations

from jobexp.policy.ids import PurposeId
from jobexp.service_layer import deletion, erasure


def test_deletion_requests_and_their_erasure_run_under_data_rights() -> None:
    checks = (deletion.READ, deletion.WRITE, erasure.RECORDS)
    assert {access.purpose for access in checks} == {PurposeId.DATA_RIGHTS}
