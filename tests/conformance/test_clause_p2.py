"""P2: accepting the policy is recorded with its content-hash version, time and channel."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.domain.errors import Conflict
from jobexp.service_layer import accounts
from jobexp.service_layer.context import Services
from tests.support.factories import API, sign_up, sign_up_command

pytestmark = pytest.mark.clause("P2")


def test_sign_up_records_the_content_hash_of_the_policy_accepted_with_time_and_channel(
    svc: Services,
) -> None:
    user_id = sign_up(svc)

    with svc.database.engine.connect() as connection:
        rows = connection.execute(
            select(t.policy_acceptances).where(
                t.policy_acceptances.c.user_id == user_id,
                t.policy_acceptances.c.document == accounts.PRIVACY_POLICY,
            )
        ).all()
    assert len(rows) == 1
    row = rows[0]._mapping
    assert row["version"] == svc.policies.published().current.policy.version
    assert len(row["version"]) == 64  # a sha256 of the content, not a label
    assert (row["accepted_at"], row["channel"]) == (svc.clock.now(), "api")


def test_accepting_a_version_other_than_the_one_in_force_is_refused(svc: Services) -> None:
    command = sign_up_command(svc)
    stale = accounts.SignUp(**{**command.__dict__, "privacy_policy_version": "0" * 64})

    with pytest.raises(Conflict, match=r"consent\.outdated"):
        accounts.sign_up(svc, stale, API)
