"""3x-c: violations and the action taken are recorded; disclosing them follows section 5."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.domain.errors import InvalidInput
from jobexp.service_layer import disclosure_requests as requests
from jobexp.service_layer.context import Services
from tests.conformance._governance import officers
from tests.support.factories import sign_up
from tests.support.governance import audit_rows

pytestmark = pytest.mark.clause("3x-c")


def test_a_violation_is_recorded_with_the_rule_and_the_action_taken(svc: Services) -> None:
    user = sign_up(svc)
    filer, _ = officers(svc)
    violation = requests.record_violation(
        svc, filer, user, rule="Rule 9", description="Spam", action="Warned"
    )
    with svc.database.engine.connect() as connection:
        row = connection.execute(select(t.violations).where(t.violations.c.id == violation)).one()
    assert (row.user_id, row.rule, row.action_taken) == (user, "Rule 9", "Warned")
    assert ("privacy:violation:recorded", "success") in audit_rows(svc)


def test_a_violation_record_without_the_action_taken_is_refused(svc: Services) -> None:
    filer, _ = officers(svc)
    with pytest.raises(InvalidInput):
        requests.record_violation(
            svc, filer, sign_up(svc), rule="Rule 9", description="Spam", action=" "
        )
