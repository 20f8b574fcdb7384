"""The disclosure ledger's storage: append under a locked head, read in seq order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import func, select

from jobexp.adapters import driver_sql
from jobexp.adapters import tables as t
from jobexp.adapters.repositories import _Repository
from jobexp.domain.disclosures import Disclosure, LedgerEntry

_L = t.disclosure_ledger
_HEAD = t.disclosure_head
_COLUMNS = (
    "seq", "at", "subject", "recipient", "purpose", "basis", "categories", "fields",
    "reference", "request_id", "hold_until", "region", "prev_hash", "hash",
)  # fmt: skip
# Every disclosure appends: the statements go straight to the driver (driver_sql).
_APPEND = driver_sql.insert_sql("disclosure_ledger", _COLUMNS)
# The head moves only from the entry's own predecessor: a writer whose idea of the head is
# stale moves nothing, and learns it from the row count.
_MOVE_HEAD = {
    m: f"UPDATE disclosure_head SET seq = {m}, hash = {m} WHERE id = 1 AND seq = {m} AND hash = {m}"  # noqa: S608 (constants)
    for m in driver_sql.MARKS
}
_READ_HEAD = "SELECT seq, hash FROM disclosure_head WHERE id = 1"


class DisclosureLedger(_Repository):
    CATEGORIES = t.categories_of(t.disclosure_ledger)

    def lock_head(self) -> tuple[int, str]:
        """The last (seq, hash), locked until commit so appends form one chain (a writer
        transaction already holds SQLite's only write lock)."""
        connection = self._c
        lock = " FOR UPDATE" if connection.dialect.name == "postgresql" else ""
        seq, digest = connection.exec_driver_sql(_READ_HEAD + lock).one()
        return int(seq), str(digest)

    def head(self) -> tuple[int, str] | None:
        row = self._c.execute(select(_HEAD.c.seq, _HEAD.c.hash)).first()
        return None if row is None else (int(row.seq), str(row.hash))

    def move_head(self, entry: LedgerEntry) -> bool:
        """Make `entry` the head if its predecessor is the head now (row-locking it until
        commit); False, moving nothing, if another entry is."""
        connection = self._c
        m = driver_sql.mark(connection)
        moved = connection.exec_driver_sql(
            _MOVE_HEAD[m], (entry.seq, entry.hash, entry.seq - 1, entry.prev_hash)
        )
        return bool(moved.rowcount == 1)

    def append(self, entry: LedgerEntry) -> None:
        """Store `entry`, which `move_head` has just made the head."""
        d = entry.disclosure
        connection = self._c
        m = driver_sql.mark(connection)
        hold = None if d.hold_until is None else d.hold_until.isoformat()
        values = (
            entry.seq, driver_sql.timestamp_for(connection)(entry.at), entry.subject,
            d.recipient, d.purpose, d.basis, json.dumps(list(d.categories)),
            json.dumps(list(d.fields)), d.reference, d.request_id, hold, d.region,
            entry.prev_hash, entry.hash,
        )  # fmt: skip
        connection.exec_driver_sql(_APPEND[m], values)

    def entries(self, batch: int = 1000) -> Iterator[LedgerEntry]:
        """Every entry by seq (physical order is not trusted), read in bounded batches."""
        last = 0
        while True:
            query = select(_L).where(_L.c.seq > last).order_by(_L.c.seq).limit(batch)
            rows = self._c.execute(query).all()
            if not rows:
                return
            yield from (_entry(row) for row in rows)
            last = rows[-1].seq

    def about(self, subject: str) -> list[LedgerEntry]:
        query = select(_L).where(_L.c.subject == subject).order_by(_L.c.seq.desc())
        return [_entry(row) for row in self._c.execute(query)]

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(_L)).scalar_one())


def _entry(row: Any) -> LedgerEntry:
    m = row._mapping
    hold = m["hold_until"]
    disclosure = Disclosure(
        recipient=m["recipient"],
        purpose=m["purpose"],
        basis=m["basis"],
        categories=tuple(json.loads(m["categories"])),
        fields=tuple(json.loads(m["fields"])),
        reference=m["reference"],
        request_id=m["request_id"],
        hold_until=None if hold is None else date.fromisoformat(hold),
        region=m["region"],
    )
    return LedgerEntry(m["seq"], m["at"], m["subject"], disclosure, m["prev_hash"], m["hash"])
