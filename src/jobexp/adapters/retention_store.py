"""SQL for ending retention: expired rows found by rule, deleted or anonymized in batches.

Each batch claims its rows: on PostgreSQL with `FOR UPDATE SKIP LOCKED` (or, for append-only
logs, a key range under an advisory lock), so workers sweeping side by side take disjoint rows;
on SQLite the unit of work already holds the single write lock (`BEGIN IMMEDIATE`). A batch is
complete in itself: an interrupted sweep resumes by simply asking again.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Select,
    Table,
    and_,
    any_,
    case,
    delete,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    update,
)

from jobexp.adapters import tables as t
from jobexp.adapters.store import Store
from jobexp.domain import purpose_scope
from jobexp.domain.retention import Due, LiveWhile, TableRule
from jobexp.types import UserId

__all__ = ["AccountActivity", "AuditPrune", "Batch", "RetentionStore"]


class RetentionStore(Store):
    """Counts, deletes or anonymizes one rule's expired rows (inside a purpose check)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def _scoped(self, rule: TableRule) -> Connection:
        purpose_scope.require(t.TABLE_CATEGORIES[rule.table], f"retention of {rule.table}")
        return self._connection

    def count(self, due: Due, now: datetime, frozen: frozenset[str]) -> int:
        expired = _expired(due, now, frozen).subquery()
        query = select(func.count()).select_from(expired)
        return int(self._scoped(due.rule).execute(query).scalar_one())

    def end_batch(
        self, due: Due, now: datetime, frozen: frozenset[str], size: int, after: Any = None
    ) -> Batch:
        """Delete or anonymize up to `size` expired rows after the position `after`.

        On PostgreSQL the sweep walks the key index once, each batch starting after the last
        (rows already ended stay as dead tuples until vacuumed: never re-read them). Rows are
        claimed with `FOR UPDATE SKIP LOCKED` and addressed by physical row id (`ctid`) from
        an array computed once. Append-only logs with an integer key (`TableRule.ranged`)
        go by key range instead, a range scan of the primary key, claimed on PostgreSQL with
        an advisory lock (sparing the per-row lock that doubles the cost of a delete). SQLite
        holds its one write lock already and removes rows at once: for other tables a batch
        is simply the first `size` expired rows.
        """
        rule = due.rule
        table = t.metadata.tables[rule.table]
        connection = self._scoped(rule)
        if rule.ranged:
            return self._end_range(due, now, frozen, size, after)
        if connection.dialect.name != "postgresql":
            key = table.c[rule.key]
            claim = _expired(due, now, frozen).limit(size).scalar_subquery()
            rows = int(connection.execute(_ending(due, table, key.in_(claim))).rowcount)
            return Batch(rows, None, rows == size)
        return self._end_claimed(due, now, frozen, size, after)

    def _end_claimed(
        self, due: Due, now: datetime, frozen: frozenset[str], size: int, after: Any
    ) -> Batch:
        table = t.metadata.tables[due.rule.table]
        key = table.c[due.rule.key]
        row_id: ColumnElement[Any] = literal_column(f"{table.name}.ctid")
        claim = _expired(due, now, frozen, row_id)
        if after is not None:
            claim = claim.where(key > after)
        claim = claim.order_by(key).limit(size).with_for_update(skip_locked=True, of=table)
        which = row_id == any_(func.array(claim.scalar_subquery()))
        gone = _ending(due, table, which).returning(key).cte("gone")
        count, last = self._connection.execute(select(func.count(), func.max(gone.c[0]))).one()
        return Batch(int(count), after if last is None else last, count == size)

    def _end_range(
        self, due: Due, now: datetime, frozen: frozenset[str], size: int, after: Any
    ) -> Batch:
        """The next key range [start, start + size) no other worker holds, ended whole."""
        table = t.metadata.tables[due.rule.table]
        key = table.c[due.rule.key]
        if after is None:
            expired = _expired(due, now, frozen).subquery()
            lo, hi = self._connection.execute(
                select(func.min(expired.c[0]), func.max(expired.c[0]))
            ).one()
            if lo is None:
                return Batch(0, None, more=False)
            after = (int(lo) - int(lo) % size, int(hi))
        start, hi = after
        while start <= hi:
            if self._claim_range(table.name, start // size):
                in_range = and_(key >= start, key < start + size, *_conditions(due, now, frozen))
                rows = int(self._connection.execute(_ending(due, table, in_range)).rowcount)
                return Batch(rows, (start + size, hi), start + size <= hi)
            start += size  # another worker holds it and ends it
        return Batch(0, (start, hi), more=False)

    def _claim_range(self, table: str, slot: int) -> bool:
        """PostgreSQL: an advisory lock until commit; SQLite: the write lock held already."""
        if self._connection.dialect.name != "postgresql":
            return True
        space = zlib.crc32(table.encode()) & 0x7FFFFFFF
        claimed = select(func.pg_try_advisory_xact_lock(space, slot))
        return bool(self._connection.execute(claimed).scalar())


@dataclass(frozen=True)
class Batch:
    rows: int
    after: Any  # where the next batch starts
    more: bool  # whether another batch may find expired rows


def _ending(due: Due, table: Table, which: ColumnElement[bool]) -> Any:
    if due.action == "anonymize":
        return update(table).where(which).values(**due.rule.anonymize)
    return delete(table).where(which)


def _expired(
    due: Due, now: datetime, frozen: frozenset[str], column: ColumnElement[Any] | None = None
) -> Select[Any]:
    """The rows of `due`'s table past their period (as `column`, by default the key)."""
    rule = due.rule
    table = t.metadata.tables[rule.table]
    source: FromClause = table
    if rule.refreshed_by is not None:
        via_name, via_key, _ = rule.refreshed_by
        via = t.metadata.tables[via_name]
        joined_on = table.c[rule.owner or rule.key]
        source = table.outerjoin(via, via.c[via_key] == joined_on)
    query = select(table.c[rule.key] if column is None else column).select_from(source)
    return query.where(*_conditions(due, now, frozen))


def _conditions(due: Due, now: datetime, frozen: frozenset[str]) -> list[ColumnElement[bool]]:
    rule = due.rule
    table = t.metadata.tables[rule.table]
    start: ColumnElement[Any] = table.c[rule.starts_at]
    if rule.refreshed_by is not None:
        via_name, _, via_column = rule.refreshed_by
        later = t.metadata.tables[via_name].c[via_column]
        start = case((later > start, later), else_=start)  # NULL activity: the row's own
    conditions: list[ColumnElement[bool]] = []
    if rule.only is not None:
        conditions.append(table.c[rule.only[0]] == rule.only[1])
    if not due.everything:
        conditions.append(start < due.cutoff)
    if rule.still_live is not None and not due.everything:
        conditions.append(table.c[rule.still_live] <= now)
    conditions.extend(_settled(table, live) for live in rule.live_while)
    for name, column in rule.referenced_by:
        referring = t.metadata.tables[name]
        conditions.append(~exists().where(referring.c[column] == table.c[rule.key]))
    if rule.owner is not None and frozen:
        owner = table.c[rule.owner]
        conditions.append(or_(owner.is_(None), owner.not_in(sorted(frozen))))
    if due.action == "anonymize":
        marked, marker = next(iter(rule.anonymize.items()))
        conditions.append(table.c[marked] != marker)
    return conditions


def _settled(table: Table, live: LiveWhile) -> ColumnElement[bool]:
    """Rows not in the live state `live` (NULL-safe: SQL's NOT IN is unknown for NULL)."""
    column = table.c[live.column]
    values = [v for v in live.values if v is not None]
    if None in live.values:
        return and_(column.is_not(None), column.not_in(values)) if values else column.is_not(None)
    return or_(column.is_(None), column.not_in(values))


class AuditPrune(Store):
    """A hash chain's pruned prefix: removed in order, remembered by a sealed checkpoint.

    One `audit_prune` row per chain: the audit log's (id 1) and the disclosure ledger's (2);
    `prune_of(chain)` gives the store of each.
    """

    CHAINS: ClassVar[Mapping[str, int]] = {"audit_log": 1, "disclosure_ledger": 2}
    CHAIN: ClassVar[str] = "audit_log"

    def __init__(self, connection: Connection) -> None:
        super().__init__(connection)
        self._chain = self.CHAIN
        self._id = self.CHAINS[self.CHAIN]
        self._log = t.metadata.tables[self.CHAIN]

    @property
    def _c(self) -> Connection:
        purpose_scope.require(t.TABLE_CATEGORIES[self._chain], f"prune of {self._chain}")
        return self._connection

    def checkpoint(self) -> tuple[int, str, str] | None:
        """(through_seq, last_hash, seal) of the pruned prefix, or None if nothing was pruned."""
        p = t.audit_prune
        query = select(p.c.through_seq, p.c.last_hash, p.c.seal).where(p.c.id == self._id)
        row = self._c.execute(query).first()
        return None if row is None else (int(row.through_seq), str(row.last_hash), str(row.seal))

    def prunable_through(self, cutoff: datetime) -> int:
        """The last seq of the expired prefix: entries before the first one still kept."""
        log = self._log
        first_kept = self._c.execute(select(func.min(log.c.seq)).where(log.c.at >= cutoff))
        kept = first_kept.scalar()
        if kept is not None:
            return int(kept) - 1
        newest = self._c.execute(select(func.max(log.c.seq))).scalar()
        return int(newest or 0)

    def hash_of(self, seq: int) -> str:
        query = select(self._log.c.hash).where(self._log.c.seq == seq)
        return str(self._c.execute(query).scalar_one())

    def count_between(self, after: int, through: int) -> int:
        log = self._log
        query = select(func.count()).where(log.c.seq > after, log.c.seq <= through)
        return int(self._c.execute(query).scalar_one())

    def prune(self, through: int, last_hash: str, seal: str, at: datetime) -> int:
        """Delete entries up to `through` and move the checkpoint there, in one transaction."""
        removed = self._c.execute(delete(self._log).where(self._log.c.seq <= through))
        values = {"through_seq": through, "last_hash": last_hash, "seal": seal, "pruned_at": at}
        p = t.audit_prune
        moved = self._c.execute(update(p).where(p.c.id == self._id).values(values))
        if not moved.rowcount:
            self._c.execute(insert(p).values(id=self._id, **values))
        return int(removed.rowcount)


class LedgerPrune(AuditPrune):
    CHAIN = "disclosure_ledger"


def prune_of(chain: str) -> type[AuditPrune]:
    """The prune store of the hash chain named `chain` (a table name)."""
    return {"audit_log": AuditPrune, "disclosure_ledger": LedgerPrune}[chain]


class AccountActivity(Store):
    """When each account was last used: where "last activity" retention periods start."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    @property
    def _c(self) -> Connection:
        purpose_scope.require(t.TABLE_CATEGORIES["account_activity"], "AccountActivity")
        return self._connection

    def record(self, user_id: UserId, at: datetime) -> None:
        a = t.account_activity
        moved = self._c.execute(
            update(a).where(a.c.user_id == user_id).values(last_activity_at=at)
        ).rowcount
        if not moved:
            self._c.execute(insert(a).values(user_id=user_id, last_activity_at=at))

    def last(self, user_id: UserId) -> datetime | None:
        a = t.account_activity
        query = select(a.c.last_activity_at).where(a.c.user_id == user_id)
        found: datetime | None = self._c.execute(query).scalar()
        return found
