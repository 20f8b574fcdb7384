"""The access-log entry and the table's insert agree on the order of columns."""

from __future__ import annotations

from jobexp.adapters.repositories import ACCESS_COLUMNS
from jobexp.adapters.tables import access_log
from jobexp.service_layer.access_log import AccessEntry


def test_entries_are_stored_in_the_order_the_insert_names_the_columns() -> None:
    assert AccessEntry._fields == ACCESS_COLUMNS


def test_every_stored_column_but_the_id_is_filled() -> None:
    assert set(ACCESS_COLUMNS) == {c.name for c in access_log.columns} - {"id"}
