"""SQL for ending retention: expired rows found by rule, deleted or anonymized in batches.

Each batch is one statement that claims its rows, in key order from where the last one
stopped: on PostgreSQL with `FOR UPDATE SKIP LOCKED`,
so workers sweeping side by side take disjoint rows; on SQLite the unit of work already holds
the single write lock (`BEGIN IMMEDIATE`). A batch is complete in itself: an interrupted sweep
resumes by simply asking again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Select,
    any_,
    delete,
    func,
    insert,
    literal_column,
    select,
    update,
)

from jobexp.adapters import tables as t
from jobexp.domain import purpose_scope
from jobexp.domain.retention import Due, TableRule

__all__ = ["AccountActivity", "AuditPrune", "RetentionStore"]


class RetentionStore:
    """Counts, deletes or anonymizes one rule's expired rows (inside a purpose check)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def _c(self, rule: TableRule) -> Connection:
        purpose_scope.require(t.TABLE_CATEGORIES[rule.table], f"retention of {rule.table}")
        return self._connection

    def count(self, due: Due, now: datetime, frozen: frozenset[str]) -> int:
        expired = _expired(due, now, frozen).subquery()
        query = select(func.count()).select_from(expired)
        return int(self._c(due.rule).execute(query).scalar_one())

    def end_batch(
        self, due: Due, now: datetime, frozen: frozenset[str], size: int, after: Any = None
    ) -> tuple[int, Any]:
        """Delete or anonymize up to `size` expired rows with keys above `after`.

        Returns how many and the highest key done, where the next batch starts: a sweep walks
        the key index once instead of re-reading, batch after batch, the rows it already
        ended (on PostgreSQL they stay as dead tuples until vacuumed). The rows are claimed
        with `FOR UPDATE SKIP LOCKED` (a no-op on SQLite, which holds its one write lock
        already); PostgreSQL then addresses them by physical row id (`ctid`) from an array
        computed once, a scan of the batch's own rows rather than a join against all of them.
        """
        rule = due.rule
        table = t.metadata.tables[rule.table]
        key = table.c[rule.key]
        connection = self._c(rule)
        postgres = connection.dialect.name == "postgresql"
        row_id: ColumnElement[Any] = literal_column(f"{table.name}.ctid") if postgres else key
        claim = _expired(due, now, frozen, row_id)
        if after is not None:
            claim = claim.where(key > after)
        claim = claim.order_by(key).limit(size).with_for_update(skip_locked=True, of=table)
        if postgres:
            which = row_id == any_(func.array(claim.scalar_subquery()))
        else:
            which = key.in_(claim.scalar_subquery())
        if due.action == "anonymize":
            statement: Any = update(table).where(which).values(**rule.anonymize)
        else:
            statement = delete(table).where(which)
        if postgres:  # count and resume point computed in the server, not 5,000 keys sent back
            gone = statement.returning(key).cte("gone")
            count, last = connection.execute(select(func.count(), func.max(gone.c[0]))).one()
            return int(count), after if last is None else last
        done = connection.execute(statement.returning(key)).scalars().all()
        return len(done), max(done, default=after)


def _expired(
    due: Due, now: datetime, frozen: frozenset[str], column: ColumnElement[Any] | None = None
) -> Select[Any]:
    """The rows of `due`'s table past their period (as `column`, by default the key)."""
    rule = due.rule
    table = t.metadata.tables[rule.table]
    start: ColumnElement[Any] = table.c[rule.starts_at]
    source: FromClause = table
    if rule.refreshed_by is not None:
        via_name, via_key, via_column = rule.refreshed_by
        via = t.metadata.tables[via_name]
        source = table.outerjoin(via, via.c[via_key] == table.c[rule.key])
        start = func.coalesce(via.c[via_column], start)
    query = select(table.c[rule.key] if column is None else column).select_from(source)
    if not due.everything:
        query = query.where(start < due.cutoff)
    if rule.still_live is not None and not due.everything:
        query = query.where(table.c[rule.still_live] <= now)
    if rule.owner is not None and frozen:
        query = query.where(table.c[rule.owner].not_in(sorted(frozen)))
    if due.action == "anonymize":
        marked, marker = next(iter(rule.anonymize.items()))
        query = query.where(table.c[marked] != marker)
    return query


class AuditPrune:
    """The audit chain's pruned prefix: removed in order, remembered by a sealed checkpoint."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    @property
    def _c(self) -> Connection:
        purpose_scope.require(t.TABLE_CATEGORIES["audit_log"], "audit prune")
        return self._connection

    def checkpoint(self) -> tuple[int, str, str] | None:
        """(through_seq, last_hash, seal) of the pruned prefix, or None if nothing was pruned."""
        p = t.audit_prune
        row = self._c.execute(select(p.c.through_seq, p.c.last_hash, p.c.seal)).first()
        return None if row is None else (int(row.through_seq), str(row.last_hash), str(row.seal))

    def prunable_through(self, cutoff: datetime) -> int:
        """The last seq of the expired prefix: entries before the first one still kept."""
        log = t.audit_log
        first_kept = self._c.execute(select(func.min(log.c.seq)).where(log.c.at >= cutoff))
        kept = first_kept.scalar()
        if kept is not None:
            return int(kept) - 1
        newest = self._c.execute(select(func.max(log.c.seq))).scalar()
        return int(newest or 0)

    def hash_of(self, seq: int) -> str:
        query = select(t.audit_log.c.hash).where(t.audit_log.c.seq == seq)
        return str(self._c.execute(query).scalar_one())

    def count_between(self, after: int, through: int) -> int:
        log = t.audit_log
        query = select(func.count()).where(log.c.seq > after, log.c.seq <= through)
        return int(self._c.execute(query).scalar_one())

    def prune(self, through: int, last_hash: str, seal: str, at: datetime) -> int:
        """Delete entries up to `through` and move the checkpoint there, in one transaction."""
        removed = self._c.execute(delete(t.audit_log).where(t.audit_log.c.seq <= through))
        values = {"through_seq": through, "last_hash": last_hash, "seal": seal, "pruned_at": at}
        moved = self._c.execute(update(t.audit_prune).where(t.audit_prune.c.id == 1).values(values))
        if not moved.rowcount:
            self._c.execute(insert(t.audit_prune).values(id=1, **values))
        return int(removed.rowcount)


class AccountActivity:
    """When each account was last used: where "last activity" retention periods start."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    @property
    def _c(self) -> Connection:
        purpose_scope.require(t.TABLE_CATEGORIES["account_activity"], "AccountActivity")
        return self._connection

    def record(self, user_id: str, at: datetime) -> None:
        a = t.account_activity
        moved = self._c.execute(
            update(a).where(a.c.user_id == user_id).values(last_activity_at=at)
        ).rowcount
        if not moved:
            self._c.execute(insert(a).values(user_id=user_id, last_activity_at=at))

    def last(self, user_id: str) -> datetime | None:
        a = t.account_activity
        query = select(a.c.last_activity_at).where(a.c.user_id == user_id)
        found: datetime | None = self._c.execute(query).scalar()
        return found
