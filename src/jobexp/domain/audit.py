"""The audit chain: append-only entries, each sealed with a keyed hash of the one before.

An entry's seal covers its position, its content and the previous seal, so editing, removing
or reordering any stored entry breaks the chain at that entry. The key (derived from the
master key) means someone with write access to the database alone cannot re-seal a forgery.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEvent:
    """What happened, with structured tags and only pseudonymous identifiers.

    `action` follows warehouse's EventTag shape, `source:subject:verb`
    (for example `auth:session:login`).
    """

    action: str
    outcome: str = "success"
    actor: str | None = None
    subject: str | None = None
    client: str | None = None
    details: Mapping[str, str | int | bool | None] = field(default_factory=dict)


@dataclass(frozen=True)
class SealedEntry:
    seq: int
    at: datetime
    event: AuditEvent
    prev_hash: str
    hash: str


def canonical(seq: int, at: datetime, event: AuditEvent, prev_hash: str) -> bytes:
    body = {
        "seq": seq,
        "at": at.isoformat(),
        "action": event.action,
        "outcome": event.outcome,
        "actor": event.actor,
        "subject": event.subject,
        "client": event.client,
        "details": dict(event.details),
        "prev": prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal(key: bytes, seq: int, at: datetime, event: AuditEvent, prev_hash: str) -> SealedEntry:
    digest = hmac.new(key, canonical(seq, at, event, prev_hash), hashlib.sha256).hexdigest()
    return SealedEntry(seq=seq, at=at, event=event, prev_hash=prev_hash, hash=digest)


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def prune_seal(key: bytes, through_seq: int, last_hash: str) -> str:
    """The keyed seal of a pruned prefix: entries 1..through_seq removed, the last sealed
    `last_hash`. Without the key nobody can move the chain's start to hide a removal."""
    message = f"audit-prune:{through_seq}:{last_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def verify_chain(
    key: bytes,
    entries: Iterable[SealedEntry],
    head: tuple[int, str] | None,
    start: tuple[int, str] = (0, GENESIS),
) -> ChainBreak | None:
    """Return the first entry where the chain breaks, or None if it is intact.

    `head` is the last (seq, hash) the writer recorded; it catches removal of the newest
    entries, which leaves no later entry to notice the gap. `start` is the (seq, hash) of the
    last entry of a pruned prefix (retention ended), whose seal the caller has checked.
    """
    expected_prev, expected_seq = start[1], start[0] + 1
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainBreak(expected_seq, f"entry {expected_seq} is missing or out of order")
        if entry.prev_hash != expected_prev:
            return ChainBreak(entry.seq, "does not link to the entry before it")
        if seal(key, entry.seq, entry.at, entry.event, entry.prev_hash).hash != entry.hash:
            return ChainBreak(entry.seq, "content does not match its seal")
        expected_prev, expected_seq = entry.hash, entry.seq + 1
    last = (expected_seq - 1, expected_prev)
    if head is not None and head != last:
        if head[0] > last[0]:
            return ChainBreak(last[0] + 1, f"entries {last[0] + 1}..{head[0]} were removed")
        return ChainBreak(head[0], "the recorded head does not match the last entry")
    return None
