"""Repositories of the deletion records: requests, legal holds, the outbox, receipts.

They work over the connection of the caller's unit of work (`uow.get(DeletionRecords)`)
and, like every repository over personal data, only inside a purpose-check scope.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import func, insert, select, update

from jobexp.adapters import tables as t
from jobexp.adapters.repositories import _Repository
from jobexp.adapters.store import record, records
from jobexp.domain.deletion import DeletionRequest, DeletionState
from jobexp.types import Pseudonym

__all__ = ["DeletionRecords", "LegalHold", "OutboxMessage", "ReceiptRecord", "Receipts"]


@dataclass(frozen=True)
class LegalHold:
    MIRRORS: ClassVar[tuple[str, ...]] = ("legal_holds",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    id: int
    user_ref: Pseudonym
    reason: str
    set_by: str
    set_at: datetime
    released_at: datetime | None
    released_by: str | None


@dataclass(frozen=True)
class OutboxMessage:
    """A notice to one recipient to erase what it received about `user_ref`."""

    MIRRORS: ClassVar[tuple[str, ...]] = ("erasure_outbox",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    id: int
    request_id: str
    recipient: str
    user_ref: Pseudonym
    created_at: datetime
    attempts: int
    next_attempt_at: datetime
    acknowledged_at: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class ReceiptRecord:
    MIRRORS: ClassVar[tuple[str, ...]] = ("deletion_receipts",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    id: str
    requested_at: datetime
    deadline: date
    erased_at: datetime
    summary: str  # JSON: categories and row counts, key destroyed


_REQUEST_FIELDS = tuple(DeletionRequest.__dataclass_fields__)


def _request(row: Any) -> DeletionRequest:
    m = row._mapping
    return DeletionRequest(**{name: m[name] for name in _REQUEST_FIELDS})


class DeletionRecords(_Repository):
    CATEGORIES = t.categories_of(t.deletion_requests)

    # -- requests

    def add(self, request: DeletionRequest) -> None:
        values = {name: getattr(request, name) for name in _REQUEST_FIELDS}
        self._c.execute(
            insert(t.deletion_requests).values(**values, open_for=request.account_id, progress="{}")
        )

    def get(self, request_id: str, *, lock: bool = False) -> DeletionRequest | None:
        """The request; `lock` holds its row until commit (PostgreSQL; SQLite writers are
        already serialized), so two workers never run the same step at once."""
        query = select(t.deletion_requests).where(t.deletion_requests.c.id == request_id)
        if lock:
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return None if row is None else _request(row)

    def open_for(self, account_id: str) -> DeletionRequest | None:
        dr = t.deletion_requests
        row = self._c.execute(select(dr).where(dr.c.open_for == account_id)).first()
        return None if row is None else _request(row)

    def latest_for(self, account_id: str) -> DeletionRequest | None:
        dr = t.deletion_requests
        query = (
            select(dr)
            .where(dr.c.account_id == account_id)
            .order_by(dr.c.requested_at.desc(), dr.c.id)
            .limit(1)
        )
        row = self._c.execute(query).first()
        return None if row is None else _request(row)

    def by_receipt(self, receipt_id: str) -> DeletionRequest | None:
        dr = t.deletion_requests
        row = self._c.execute(select(dr).where(dr.c.receipt_id == receipt_id)).first()
        return None if row is None else _request(row)

    def in_states(self, *states: DeletionState, limit: int = 100) -> list[DeletionRequest]:
        dr = t.deletion_requests
        query = (
            select(dr).where(dr.c.state.in_(states)).order_by(dr.c.requested_at, dr.c.id)
        ).limit(limit)
        return [_request(row) for row in self._c.execute(query)]

    def move(
        self,
        request_id: str,
        source: DeletionState,
        target: DeletionState,
        at: datetime | None = None,
    ) -> bool:
        """Compare-and-set: True if the request was in `source` and is now in `target`; `at`
        is when it entered `target` (its `<target>_at` column).

        A closed request (erased, cancelled) releases `open_for`, so the account could ask again;
        an erased one forgets the account it was for.
        """
        dr = t.deletion_requests
        values: dict[str, Any] = {}
        if at is not None:
            values[f"{target}_at"] = at
        if target in {"erased", "cancelled"}:
            values["open_for"] = None
        if target == "erased":
            values["account_id"] = None
        query = (
            update(dr)
            .where(dr.c.id == request_id, dr.c.state == source)
            .values(state=target, **values)
        )
        return bool(self._c.execute(query).rowcount)

    def progress(self, request_id: str) -> dict[str, int]:
        query = select(t.deletion_requests.c.progress).where(t.deletion_requests.c.id == request_id)
        text = self._c.execute(query).scalar_one()
        return cast(dict[str, int], json.loads(text))

    def add_progress(self, request_id: str, table: str, rows: int) -> None:
        done = self.progress(request_id)
        done[table] = done.get(table, 0) + rows
        self._c.execute(
            update(t.deletion_requests)
            .where(t.deletion_requests.c.id == request_id)
            .values(progress=json.dumps(done, sort_keys=True))
        )

    # -- legal holds

    def active_holds(self, user_ref: str) -> list[LegalHold]:
        lh = t.legal_holds
        query = select(lh).where(lh.c.user_ref == user_ref, lh.c.released_at.is_(None))
        return records(LegalHold, self._c.execute(query))

    def add_hold(self, user_ref: str, reason: str, set_by: str, at: datetime) -> int:
        result = self._c.execute(
            insert(t.legal_holds).values(user_ref=user_ref, reason=reason, set_by=set_by, set_at=at)
        )
        return int(cast(Any, result.inserted_primary_key)[0])

    def release_holds(self, user_ref: str, released_by: str, at: datetime) -> int:
        lh = t.legal_holds
        query = (
            update(lh)
            .where(lh.c.user_ref == user_ref, lh.c.released_at.is_(None))
            .values(released_at=at, released_by=released_by)
        )
        return int(self._c.execute(query).rowcount)

    def held_refs(self) -> frozenset[str]:
        lh = t.legal_holds
        query = select(lh.c.user_ref).where(lh.c.released_at.is_(None)).distinct()
        return frozenset(self._c.execute(query).scalars())

    # -- the outbox

    def enqueue(self, request_id: str, user_ref: str, recipients: set[str], at: datetime) -> None:
        ob = t.erasure_outbox
        known = set(
            self._c.execute(select(ob.c.recipient).where(ob.c.request_id == request_id)).scalars()
        )
        for recipient in sorted(recipients - known):
            self._c.execute(
                insert(ob).values(
                    request_id=request_id,
                    recipient=recipient,
                    user_ref=user_ref,
                    created_at=at,
                    attempts=0,
                    next_attempt_at=at,
                )
            )

    def due_messages(self, now: datetime, limit: int) -> list[OutboxMessage]:
        ob = t.erasure_outbox
        query = (
            select(ob)
            .where(ob.c.acknowledged_at.is_(None), ob.c.next_attempt_at <= now)
            .order_by(ob.c.next_attempt_at, ob.c.id)
            .limit(limit)
        )
        return records(OutboxMessage, self._c.execute(query))

    def messages_for(self, request_id: str) -> list[OutboxMessage]:
        ob = t.erasure_outbox
        query = select(ob).where(ob.c.request_id == request_id).order_by(ob.c.recipient)
        return records(OutboxMessage, self._c.execute(query))

    def record_attempt(
        self, message_id: int, *, at: datetime, acknowledged: bool, retry_at: datetime, error: str
    ) -> None:
        ob = t.erasure_outbox
        values: dict[str, Any] = {"attempts": ob.c.attempts + 1}
        if acknowledged:
            values.update(acknowledged_at=at, last_error=None)
        else:
            values.update(next_attempt_at=retry_at, last_error=error[:200])
        self._c.execute(
            update(ob).where(ob.c.id == message_id, ob.c.acknowledged_at.is_(None)).values(values)
        )

    def with_pending_notices(self, limit: int) -> list[DeletionRequest]:
        """Closed requests with a notice no partner has acknowledged yet."""
        dr, ob = t.deletion_requests, t.erasure_outbox
        pending = select(ob.c.request_id).where(ob.c.acknowledged_at.is_(None))
        query = (
            select(dr)
            .where(dr.c.state.in_(("erased", "cancelled")), dr.c.id.in_(pending))
            .order_by(dr.c.requested_at, dr.c.id)
            .limit(limit)
        )
        return [_request(row) for row in self._c.execute(query)]

    def pending_count(self, request_id: str) -> int:
        ob = t.erasure_outbox
        query = select(func.count()).where(
            ob.c.request_id == request_id, ob.c.acknowledged_at.is_(None)
        )
        return int(self._c.execute(query).scalar_one())

    def held_accounts(self, refs: frozenset[str], ref_of: Callable[[str], str]) -> set[str]:
        """The account ids behind the pseudonyms `refs`: through their deletion requests, else
        by pseudonymizing every account id with `ref_of` (only while a hold names an account
        that asked for no deletion)."""
        dr = t.deletion_requests
        query = select(dr.c.account_id, dr.c.user_ref).where(
            dr.c.user_ref.in_(refs), dr.c.account_id.is_not(None)
        )
        found = {row.user_ref: row.account_id for row in self._connection.execute(query)}
        if set(found) != refs:
            ids = self._connection.execute(select(t.users.c.id)).scalars()
            found.update({ref_of(i): i for i in ids if ref_of(i) in refs})
        return set(found.values())


class Receipts(_Repository):
    """Deletion receipts: no personal data, so no purpose scope is needed to read them."""

    def add(
        self,
        receipt_id: str,
        *,
        requested_at: datetime,
        deadline: date,
        erased_at: datetime,
        summary: Mapping[str, Any],
    ) -> None:
        exists = select(t.deletion_receipts.c.id).where(t.deletion_receipts.c.id == receipt_id)
        if self._c.execute(exists).first() is not None:
            return  # written by an earlier run that stopped before closing the request
        self._c.execute(
            insert(t.deletion_receipts).values(
                id=receipt_id,
                requested_at=requested_at,
                deadline=deadline,
                erased_at=erased_at,
                summary=json.dumps(summary, sort_keys=True, ensure_ascii=False),
            )
        )

    def get(self, receipt_id: str) -> ReceiptRecord | None:
        query = select(t.deletion_receipts).where(t.deletion_receipts.c.id == receipt_id)
        row = self._c.execute(query).first()
        return None if row is None else record(ReceiptRecord, row)
