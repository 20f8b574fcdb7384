"""Repositories over one open connection; a unit of work owns the transaction."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)

from jobexp.adapters import driver_sql
from jobexp.adapters import tables as t
from jobexp.adapters.records import (
    AcceptanceRecord,
    ConsentEventRecord,
    ConsentStateRecord,
    GuardianConsentRecord,
    PolicyReleaseRecord,
)
from jobexp.adapters.store import Store, record, records, values
from jobexp.domain.audit import AuditEvent, SealedEntry
from jobexp.domain.sessions import SessionRecord
from jobexp.types import SessionKind, UserId

# Statements on the hot path of every authenticated request, built once: constructing a
# select() costs more than SQLite takes to run it.
_USER_BY_ID = select(t.users).where(t.users.c.id == bindparam("user_id"))
_ACCEPTANCES = (
    select(t.policy_acceptances)
    .where(t.policy_acceptances.c.user_id == bindparam("user_id"))
    .order_by(t.policy_acceptances.c.accepted_at, t.policy_acceptances.c.id)
)
_GUARDIANS = select(t.guardian_consents).where(
    t.guardian_consents.c.user_id == bindparam("user_id")
)
_SESSION_BY_DIGEST = select(t.sessions).where(t.sessions.c.token_digest == bindparam("digest"))


_Repository = Store  # the base every repository here extends


@dataclass(frozen=True)
class UserRow:
    id: UserId
    identifier_kind: str
    identifier_enc: bytes
    birth_date_enc: bytes
    password_hash: str
    is_minor: bool
    data_sensitive: bool
    locale: str
    time_zone: str
    created_at: datetime
    password_changed_at: datetime


def _user(row: Any) -> UserRow:
    return record(UserRow, row)


class Accounts(_Repository):
    CATEGORIES = t.categories_of(t.users)

    def add(self, user: UserRow, identifier_index: str) -> None:
        self._c.execute(
            insert(t.users).values({**values(user), "identifier_index": identifier_index})
        )

    def index_taken(self, identifier_index: str) -> bool:
        query = select(t.users.c.id).where(t.users.c.identifier_index == identifier_index)
        return self._c.execute(query).first() is not None

    def by_index(self, identifier_index: str) -> UserRow | None:
        query = select(t.users).where(t.users.c.identifier_index == identifier_index)
        row = self._c.execute(query).first()
        return None if row is None else _user(row)

    def existing(self, user_ids: Sequence[str]) -> set[str]:
        """Which of these accounts exist (a bounded list: one statement)."""
        query = select(t.users.c.id).where(t.users.c.id.in_(user_ids))
        return set(self._c.execute(query).scalars())

    def get(self, user_id: UserId) -> UserRow | None:
        row = self._c.execute(_USER_BY_ID, {"user_id": user_id}).first()
        return None if row is None else _user(row)

    def set_password(self, user_id: UserId, password_hash: str, at: datetime) -> None:
        self._c.execute(
            update(t.users)
            .where(t.users.c.id == user_id)
            .values(password_hash=password_hash, password_changed_at=at)
        )


class Acceptances(_Repository):
    """Acceptances of the agreements and guardians' consents (clauses P2, P3; D1, D6)."""

    CATEGORIES = t.categories_of(t.policy_acceptances, t.guardian_consents)

    def add_acceptance(
        self, user_id: UserId, document: str, version: str, channel: str, at: datetime
    ) -> None:
        self._c.execute(
            insert(t.policy_acceptances).values(
                user_id=user_id, document=document, version=version, channel=channel, accepted_at=at
            )
        )

    def acceptances(self, user_id: UserId) -> list[AcceptanceRecord]:
        return records(AcceptanceRecord, self._c.execute(_ACCEPTANCES, {"user_id": user_id}))

    def add_guardian_consent(self, consent: GuardianConsentRecord) -> None:
        self._c.execute(insert(t.guardian_consents).values(values(consent)))

    def guardian_consents(self, user_id: UserId) -> list[GuardianConsentRecord]:
        return records(GuardianConsentRecord, self._c.execute(_GUARDIANS, {"user_id": user_id}))

    def accepted_release(self, user_id: UserId) -> int:
        """The newest release whose privacy policy this user accepted (0 if none)."""
        pa, pr = t.policy_acceptances, t.policy_releases
        query = (
            select(func.max(pr.c.seq))
            .select_from(pa.join(pr, pa.c.version == pr.c.version))
            .where(pa.c.user_id == user_id, pa.c.document == "privacy_policy")
        )
        return int(self._c.execute(query).scalar() or 0)


def _session(row: Any) -> SessionRecord:
    m = row._mapping
    return SessionRecord(
        id=m["id"],
        user_id=UserId(m["user_id"]),
        kind=m["kind"],
        created_at=m["created_at"],
        last_seen_at=m["last_seen_at"],
        idle_timeout=timedelta(seconds=m["idle_timeout_seconds"]),
        absolute_expires_at=m["absolute_expires_at"],
        ended_at=m["ended_at"],
    )


class Sessions(_Repository):
    CATEGORIES = t.categories_of(t.sessions)

    def add(
        self,
        *,
        session_id: str,
        digest: str,
        user_id: UserId,
        kind: SessionKind,
        at: datetime,
        idle: timedelta,
        absolute: timedelta,
        device_row_id: str | None = None,
    ) -> None:
        self._c.execute(
            insert(t.sessions).values(
                id=session_id,
                token_digest=digest,
                user_id=user_id,
                kind=kind,
                device_row_id=device_row_id,
                created_at=at,
                last_seen_at=at,
                idle_timeout_seconds=int(idle.total_seconds()),
                absolute_expires_at=at + absolute,
            )
        )

    def by_digest(self, digest: str) -> SessionRecord | None:
        row = self._c.execute(_SESSION_BY_DIGEST, {"digest": digest}).first()
        return None if row is None else _session(row)

    def touch(self, session_id: str, at: datetime) -> None:
        self._c.execute(
            update(t.sessions).where(t.sessions.c.id == session_id).values(last_seen_at=at)
        )

    def end(self, session_id: str, at: datetime, reason: str) -> None:
        self._c.execute(
            update(t.sessions)
            .where(t.sessions.c.id == session_id, t.sessions.c.ended_at.is_(None))
            .values(ended_at=at, end_reason=reason)
        )

    def end_all_for_user(
        self, user_id: UserId, at: datetime, reason: str, keep: str | None = None
    ) -> int:
        query = update(t.sessions).where(
            t.sessions.c.user_id == user_id, t.sessions.c.ended_at.is_(None)
        )
        if keep is not None:
            query = query.where(t.sessions.c.id != keep)
        return self._c.execute(query.values(ended_at=at, end_reason=reason)).rowcount

    def live_for_user(self, user_id: UserId, now: datetime) -> list[SessionRecord]:
        query = (
            select(t.sessions)
            .where(
                t.sessions.c.user_id == user_id,
                t.sessions.c.ended_at.is_(None),
                t.sessions.c.absolute_expires_at > now,
            )
            .order_by(t.sessions.c.created_at.desc())
        )
        return [s for s in map(_session, self._c.execute(query)) if s.is_live(now)]


class Devices(_Repository):
    CATEGORIES = t.categories_of(t.devices)

    def find(self, user_id: UserId, device_id: str) -> str | None:
        query = select(t.devices.c.id).where(
            t.devices.c.user_id == user_id, t.devices.c.device_id == device_id
        )
        return cast(str | None, self._c.execute(query).scalar())

    def add(self, row_id: str, user_id: UserId, facts: Mapping[str, str], at: datetime) -> None:
        self._c.execute(
            insert(t.devices).values(
                id=row_id, user_id=user_id, registered_at=at, last_login_at=at, **facts
            )
        )

    def record_login(self, row_id: str, facts: Mapping[str, str], at: datetime) -> None:
        self._c.execute(
            update(t.devices).where(t.devices.c.id == row_id).values(last_login_at=at, **facts)
        )


class LoginFailures(_Repository):
    CATEGORIES = t.categories_of(t.login_failures)

    def since(self, scope: str, key: str, since: datetime) -> list[datetime]:
        lf = t.login_failures
        query = select(lf.c.at).where(lf.c.scope == scope, lf.c.key == key, lf.c.at > since)
        return list(self._c.execute(query).scalars())

    def add(self, scope: str, key: str, at: datetime) -> None:
        self._c.execute(insert(t.login_failures).values(scope=scope, key=key, at=at))

    def purge_before(self, before: datetime) -> None:
        self._c.execute(delete(t.login_failures).where(t.login_failures.c.at < before))


class AuditLog(_Repository):
    CATEGORIES = t.categories_of(t.audit_log)

    def lock_head(self) -> tuple[int, str]:
        """The last (seq, hash), locked until commit so appends form one chain."""
        query = select(t.audit_head.c.seq, t.audit_head.c.hash).where(t.audit_head.c.id == 1)
        row = self._c.execute(query.with_for_update()).one()
        return int(row.seq), str(row.hash)

    def head(self) -> tuple[int, str] | None:
        row = self._c.execute(select(t.audit_head.c.seq, t.audit_head.c.hash)).first()
        return None if row is None else (int(row.seq), str(row.hash))

    def append(self, entry: SealedEntry) -> None:
        e = entry.event
        self._c.execute(
            insert(t.audit_log).values(
                seq=entry.seq,
                at=entry.at,
                action=e.action,
                outcome=e.outcome,
                actor=e.actor,
                subject=e.subject,
                client=e.client,
                details=json.dumps(dict(e.details), sort_keys=True, ensure_ascii=False),
                prev_hash=entry.prev_hash,
                hash=entry.hash,
            )
        )
        self._c.execute(
            update(t.audit_head)
            .where(t.audit_head.c.id == 1)
            .values(seq=entry.seq, hash=entry.hash)
        )

    def entries(self, batch: int = 1000) -> Iterator[SealedEntry]:
        """Every entry in storage order (rowid / physical order is not trusted: by seq)."""
        last = 0
        while True:
            query = (
                select(t.audit_log).where(t.audit_log.c.seq > last).order_by(t.audit_log.c.seq)
            ).limit(batch)
            rows = self._c.execute(query).all()
            if not rows:
                return
            for row in rows:
                yield _sealed(row)
            last = rows[-1].seq

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(t.audit_log)).scalar_one())

    def recent(self, limit: int) -> list[SealedEntry]:
        query = select(t.audit_log).order_by(t.audit_log.c.seq.desc()).limit(limit)
        return [_sealed(row) for row in self._c.execute(query)]


def _sealed(row: Any) -> SealedEntry:
    m = row._mapping
    event = AuditEvent(
        action=m["action"],
        outcome=m["outcome"],
        actor=m["actor"],
        subject=m["subject"],
        client=m["client"],
        details=json.loads(m["details"]),
    )
    return SealedEntry(
        seq=m["seq"], at=m["at"], event=event, prev_hash=m["prev_hash"], hash=m["hash"]
    )


ACCESS_COLUMNS = ("at", "ip_prefix", "browser", "language", "method", "path", "status")
_ACCESS_INSERT = driver_sql.insert_sql("access_log", ACCESS_COLUMNS)


class AccessLog(_Repository):
    CATEGORIES = t.categories_of(t.access_log)

    def add_many(self, rows: Sequence[Sequence[Any]]) -> None:
        """Store rows given in ACCESS_COLUMNS order (thousands a second: see driver_sql)."""
        if not rows:
            return
        connection = self._c
        stamp = driver_sql.timestamp_for(connection)
        sql = _ACCESS_INSERT[driver_sql.mark(connection)]
        connection.exec_driver_sql(sql, [(stamp(row[0]), *row[1:]) for row in rows])


class PolicyReleases(_Repository):
    """Published policy versions; not personal data."""

    def all(self) -> list[PolicyReleaseRecord]:
        query = select(t.policy_releases).order_by(t.policy_releases.c.seq)
        return records(PolicyReleaseRecord, self._c.execute(query))

    def latest_seq(self) -> int:
        query = select(func.max(t.policy_releases.c.seq))
        return int(self._c.execute(query).scalar() or 0)

    def add(self, release: PolicyReleaseRecord) -> None:
        self._c.execute(insert(t.policy_releases).values(values(release)))


class Consents(_Repository):
    CATEGORIES = t.categories_of(t.consent_state, t.consent_events)

    def granted(self, user_id: UserId) -> frozenset[tuple[str, str]]:
        cs = t.consent_state
        query = select(cs.c.purpose, cs.c.recipient).where(
            cs.c.user_id == user_id, cs.c.decision == "granted"
        )
        return frozenset((row.purpose, row.recipient) for row in self._c.execute(query))

    def state(self, user_id: UserId) -> list[ConsentStateRecord]:
        query = select(t.consent_state).where(t.consent_state.c.user_id == user_id)
        return records(ConsentStateRecord, self._c.execute(query))

    def record(
        self,
        *,
        user_id: UserId,
        purpose: str,
        recipient: str,
        decision: str,
        policy_version: str,
        channel: str,
        at: datetime,
    ) -> None:
        """Append to the history and set the current state, in the caller's transaction."""
        state = {
            "user_id": user_id,
            "purpose": purpose,
            "recipient": recipient,
            "decision": decision,
            "policy_version": policy_version,
        }
        self._c.execute(insert(t.consent_events).values(**state, channel=channel, at=at))
        cs = t.consent_state
        updated = self._c.execute(
            update(cs)
            .where(cs.c.user_id == user_id, cs.c.purpose == purpose, cs.c.recipient == recipient)
            .values(decision=decision, policy_version=policy_version, at=at)
        ).rowcount
        if not updated:
            self._c.execute(insert(cs).values(**state, at=at))

    def history(self, user_id: UserId, limit: int = 200) -> list[ConsentEventRecord]:
        ce = t.consent_events
        query = select(ce).where(ce.c.user_id == user_id).order_by(ce.c.id.desc()).limit(limit)
        return records(ConsentEventRecord, self._c.execute(query))
