"""Published policy versions: the first from the packaged file, later ones by `policy publish`.

The database, not the file on disk, says which policy is in force, so every process of a
deployment enforces the same version. Each process re-reads the release list when another
process has published (checked at most every few seconds).

Requests read the snapshot in force and never wait: a stale snapshot starts a refresh in a
background thread with its own short-lived connection. A request already holds one pooled
connection; one that waited here for a second could deadlock the pool (issue 13).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from jobexp.adapters.database import Database
from jobexp.adapters.records import PolicyReleaseRecord
from jobexp.adapters.repositories import PolicyReleases
from jobexp.clock import Clock
from jobexp.domain.errors import Conflict, DuplicateRow
from jobexp.domain.purposes import PurposeRules
from jobexp.policy.diff import Change, affected_purposes, classify, diff
from jobexp.policy.loader import parse_policy
from jobexp.policy.model import Policy
from jobexp.service_layer.unit_of_work import UnitOfWork

REFRESH_SECONDS = 5.0
log = logging.getLogger("jobexp.policy")


@dataclass(frozen=True)
class Release:
    seq: int
    version: str
    label: str
    kind: str  # initial | minor | material
    policy: Policy
    published_at: datetime
    affected: frozenset[str]
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Published:
    releases: tuple[Release, ...]
    rules: PurposeRules

    @property
    def current(self) -> Release:
        return self.releases[-1]

    @property
    def previous(self) -> Release | None:
        return self.releases[-2] if len(self.releases) > 1 else None

    def pending_for(self, accepted_release: int) -> list[Release]:
        """Releases a user who accepted `accepted_release` has not yet seen."""
        return [r for r in self.releases if r.seq > accepted_release]


@dataclass(frozen=True)
class Draft:
    """A candidate policy, classified against the release in force."""

    policy: Policy
    text: str
    kind: str
    affected: frozenset[str]
    changes: tuple[Change, ...]


class PolicyRegistry:
    def __init__(self, database: Database, clock: Clock, refresh_seconds: float = REFRESH_SECONDS):
        self._database = database
        self._clock = clock
        self._refresh = refresh_seconds
        # Held by whoever is reading the release list; requests only ever try it.
        self._loading = threading.Lock()
        self._published: Published | None = None
        self._checked_at = 0.0
        self._refresher: threading.Thread | None = None

    def published(self) -> Published:
        """The releases in force; never waits for the database once the first is loaded."""
        snapshot = self._published
        if snapshot is None:
            return self.reload()  # at start-up, before any request holds a connection
        if time.monotonic() - self._checked_at >= self._refresh:
            self._refresh_in_background()
        return snapshot

    def reload(self) -> Published:
        """Read the release list now (after a publish, by a caller holding no connection)."""
        with self._loading:
            return self._load()

    def join(self, timeout: float | None = None) -> None:
        """Wait for a background refresh in flight (at shutdown, and in tests)."""
        refresher = self._refresher
        if refresher is not None:
            refresher.join(timeout)

    def _refresh_in_background(self) -> None:
        if not self._loading.acquire(blocking=False):
            return  # a refresh is already running
        self._checked_at = time.monotonic()
        try:
            refresher = threading.Thread(
                target=self._refresh_and_release, name="policy-refresh", daemon=True
            )
            self._refresher = refresher
            refresher.start()
        except BaseException:
            self._loading.release()
            raise

    def _refresh_and_release(self) -> None:
        try:
            self._load()
        except Exception as exc:  # the snapshot in force stays; retried at the next interval
            log.warning("policy refresh failed: %s", type(exc).__name__)
        finally:
            self._loading.release()

    def _load(self) -> Published:
        """Re-read the releases if another process published; the caller holds `_loading`."""
        self._checked_at = time.monotonic()
        current = self._published
        with UnitOfWork(self._database, readonly=True) as uow:
            latest = uow.get(PolicyReleases).latest_seq()
            if current is not None and latest == current.current.seq:
                return current
            rows = uow.get(PolicyReleases).all()
        if not rows:
            raise RuntimeError("no policy is published: run `jobexp db upgrade` and start once")
        releases = tuple(_release(row) for row in rows)
        material = [(r.seq, r.affected) for r in releases if r.kind == "material"]
        published = Published(releases, PurposeRules.compile(releases[-1].policy, material))
        self._published = published
        return published

    def ensure_initial(self, text: str, file: str) -> None:
        """Validate the configured policy file (a bad one stops the start, naming file, place
        and problem) and publish it as release 1 on a database that has none."""
        policy = parse_policy(text, file)
        if self._publish_first(Draft(policy, text, "initial", frozenset(), ())):
            return
        if policy.version != self.published().current.version:
            log.warning(
                "%s differs from the policy in force; `jobexp policy publish %s` publishes it",
                file,
                file,
            )

    def _publish_first(self, draft: Draft) -> bool:
        """Store release 1 unless a release exists; False then, also when a process starting
        beside this one stored it between our read and our insert (the key refuses ours)."""
        try:
            with UnitOfWork(self._database) as uow:
                if uow.get(PolicyReleases).latest_seq():
                    return False
                uow.get(PolicyReleases).add(_row(1, draft, self._now()))
                uow.commit()
        except DuplicateRow:
            return False
        return True

    def prepare(self, text: str, file: str) -> Draft:
        """Parse a candidate and classify it against the current release (nothing stored)."""
        candidate = parse_policy(text, file)
        current = self.published().current.policy
        changes = diff(current, candidate)
        kind = classify(changes)
        if kind == "none" or candidate.version == current.version:
            raise Conflict("policy.unchanged")
        affected = affected_purposes(changes) if kind == "material" else frozenset()
        if kind == "material" and not affected:
            affected = frozenset(p.id for p in candidate.purposes)  # fail closed: stop everything
        return Draft(candidate, text, kind, affected, changes.changes)

    def store(self, uow: UnitOfWork, text: str, file: str) -> Release:
        """Store a new release inside the caller's transaction (the caller audits and commits)."""
        draft = self.prepare(text, file)
        row = _row(uow.get(PolicyReleases).latest_seq() + 1, draft, self._now())
        uow.get(PolicyReleases).add(row)
        return _release(row)

    def _now(self) -> datetime:
        return self._clock.now()


def _row(seq: int, draft: Draft, at: datetime) -> PolicyReleaseRecord:
    changes = [[c.kind, c.subject, c.detail, list(c.purposes), list(c.ids)] for c in draft.changes]
    return PolicyReleaseRecord(
        seq=seq,
        version=draft.policy.version,
        label=draft.policy.version_label,
        kind=draft.kind,
        affected_purposes=json.dumps(sorted(draft.affected)),
        changes=json.dumps(changes, ensure_ascii=False),
        content=draft.text,
        published_at=at,
    )


def _change(
    kind: str, subject: str, detail: str, purposes: list[str], ids: list[str] | None = None
) -> Change:
    return Change(kind, subject, detail, tuple(purposes), tuple(ids or ()))


def _release(row: PolicyReleaseRecord) -> Release:
    return Release(
        seq=row.seq,
        version=row.version,
        label=row.label,
        kind=row.kind,
        policy=parse_policy(row.content, f"policy release {row.seq}"),
        published_at=row.published_at,
        affected=frozenset(json.loads(row.affected_purposes)),
        changes=tuple(_change(*fields) for fields in json.loads(row.changes)),
    )
