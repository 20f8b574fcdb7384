"""The audit chain: append-only entries, each sealed with a keyed hash of the one before.

An entry's seal covers its position, its content and the previous seal, so editing, removing
or reordering any stored entry breaks the chain at that entry. The key (derived from the
master key) means someone with write access to the database alone cannot re-seal a forgery.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from jobexp.domain.chain import GENESIS, ChainBreak, keyed_digest, verify_links

__all__ = ["GENESIS", "AuditEvent", "ChainBreak", "SealedEntry", "seal", "verify_chain"]


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


def _body(seq: int, at: datetime, event: AuditEvent, prev_hash: str) -> dict[str, object]:
    return {
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


def seal(key: bytes, seq: int, at: datetime, event: AuditEvent, prev_hash: str) -> SealedEntry:
    digest = keyed_digest(key, _body(seq, at, event, prev_hash))
    return SealedEntry(seq=seq, at=at, event=event, prev_hash=prev_hash, hash=digest)


def prune_seal(key: bytes, through_seq: int, last_hash: str, chain: str = "audit") -> str:
    """The keyed seal of a pruned prefix: entries 1..through_seq removed, the last sealed
    `last_hash`. Without the key nobody can move the chain's start to hide a removal. `chain`
    names the chain (the audit log, the disclosure ledger), each sealed with its own key."""
    message = f"{chain}-prune:{through_seq}:{last_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def verify_chain(
    key: bytes,
    entries: Iterable[SealedEntry],
    head: tuple[int, str] | None,
    start: tuple[int, str] = (0, GENESIS),
) -> ChainBreak | None:
    """Return the first entry where the chain breaks, or None if it is intact.

    `start` is the (seq, hash) of the last entry of a pruned prefix (retention ended), whose
    seal the caller has checked.
    """
    return verify_links(
        entries, head, lambda e: seal(key, e.seq, e.at, e.event, e.prev_hash).hash, start
    )
