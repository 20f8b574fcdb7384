"""The disclosure ledger's storage: append under a locked head, read in seq order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from jobexp.adapters import tables as t
from jobexp.adapters.repositories import _Repository
from jobexp.domain.disclosures import Disclosure, LedgerEntry

_L = t.disclosure_ledger
_HEAD = t.disclosure_head
# Built once: every disclosure appends, and building a statement with literal values cost
# more than SQLite takes to run it (bench/bench_ledger.py: ~0.4 of a plain insert before).
_LOCK_HEAD = select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1).with_for_update()
_APPEND = insert(_L)
_MOVE_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))
)


class DisclosureLedger(_Repository):
    CATEGORIES = frozenset({"disclosure_records"})

    def lock_head(self) -> tuple[int, str]:
        """The last (seq, hash), locked until commit so appends form one chain."""
        row = self._c.execute(_LOCK_HEAD).one()
        return int(row.seq), str(row.hash)

    def head(self) -> tuple[int, str] | None:
        row = self._c.execute(select(_HEAD.c.seq, _HEAD.c.hash)).first()
        return None if row is None else (int(row.seq), str(row.hash))

    def append(self, entry: LedgerEntry) -> None:
        d = entry.disclosure
        self._c.execute(
            _APPEND,
            dict(
                seq=entry.seq,
                at=entry.at,
                subject=entry.subject,
                recipient=d.recipient,
                purpose=d.purpose,
                basis=d.basis,
                categories=json.dumps(list(d.categories)),
                fields=json.dumps(list(d.fields)),
                reference=d.reference,
                request_id=d.request_id,
                hold_until=None if d.hold_until is None else d.hold_until.isoformat(),
                region=d.region,
                prev_hash=entry.prev_hash,
                hash=entry.hash,
            ),
        )
        self._c.execute(_MOVE_HEAD, {"new_seq": entry.seq, "new_hash": entry.hash})

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
