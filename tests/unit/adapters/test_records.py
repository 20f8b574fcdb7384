"""Each record mirrors its table: a renamed or dropped column fails here, not in production."""

from __future__ import annotations

from dataclasses import fields

import pytest
from sqlalchemy import Table

from jobexp.adapters import records as r
from jobexp.adapters import tables as t
from jobexp.adapters.repositories import UserRow

# record -> (table, columns the record leaves out on purpose)
MIRRORS: dict[type, tuple[Table, frozenset[str]]] = {
    r.AcceptanceRecord: (t.policy_acceptances, frozenset({"id"})),
    r.GuardianConsentRecord: (t.guardian_consents, frozenset({"id"})),
    r.PolicyReleaseRecord: (t.policy_releases, frozenset()),
    r.ConsentStateRecord: (t.consent_state, frozenset()),
    r.ConsentEventRecord: (t.consent_events, frozenset()),
    r.TaskRecord: (t.assistant_tasks, frozenset()),
    r.PlaceRecord: (t.saved_places, frozenset()),
    UserRow: (t.users, frozenset({"identifier_index"})),
}


@pytest.mark.parametrize("kind", list(MIRRORS), ids=lambda kind: kind.__name__)
def test_a_record_has_exactly_its_tables_columns_but_the_declared_omissions(kind: type) -> None:
    table, omitted = MIRRORS[kind]
    assert {f.name for f in fields(kind)} == set(table.columns.keys()) - omitted


def test_every_record_of_the_module_is_held_to_a_table() -> None:
    declared = {
        value
        for name, value in vars(r).items()
        if isinstance(value, type) and name.endswith("Record")
    }
    assert declared <= set(MIRRORS)
