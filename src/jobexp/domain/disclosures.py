"""The disclosure ledger: every time personal data leaves JobExp, one sealed entry.

An entry says to whom, for which purpose, on which ground (the policy clause: 5a the
user's consent, 5b a service the user asked for, 5c an authority, ...), which categories
and which fields, about which user (a pseudonym, so the chain outlives an erased account).
Entries are chained like the audit log (`domain/chain.py`). A notice hold (D4) hides an
entry from its user until the hold's end date, and only until then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from jobexp.domain.chain import GENESIS, ChainBreak, keyed_digest, verify_links


@dataclass(frozen=True)
class Disclosure:
    recipient: str
    purpose: str
    basis: str
    categories: tuple[str, ...]
    fields: tuple[str, ...] = ()
    reference: str | None = None
    request_id: str | None = None
    hold_until: date | None = None
    region: str = "CN"

    def __post_init__(self) -> None:
        if not self.recipient or not self.purpose or not self.basis:
            raise ValueError("a disclosure names its recipient, purpose and basis")
        if not self.categories:
            raise ValueError("a disclosure names the data categories it shares")


@dataclass(frozen=True)
class LedgerEntry:
    seq: int
    at: datetime
    subject: str | None
    disclosure: Disclosure
    prev_hash: str
    hash: str

    def visible_on(self, today: date) -> bool:
        """Whether the user may see this entry today (a notice hold hides it until its end)."""
        hold = self.disclosure.hold_until
        return hold is None or today >= hold


def _body(
    seq: int, at: datetime, subject: str | None, d: Disclosure, prev_hash: str
) -> dict[str, object]:
    return {
        "seq": seq,
        "at": at.isoformat(),
        "subject": subject,
        "recipient": d.recipient,
        "purpose": d.purpose,
        "basis": d.basis,
        "categories": list(d.categories),
        "fields": list(d.fields),
        "reference": d.reference,
        "request_id": d.request_id,
        "hold_until": None if d.hold_until is None else d.hold_until.isoformat(),
        "region": d.region,
        "prev": prev_hash,
    }


def seal_disclosure(
    key: bytes, seq: int, at: datetime, *, subject: str | None, disclosure: Disclosure, prev: str
) -> LedgerEntry:
    digest = keyed_digest(key, _body(seq, at, subject, disclosure, prev))
    return LedgerEntry(seq, at, subject, disclosure, prev, digest)


def verify_ledger(
    key: bytes,
    entries: Iterable[LedgerEntry],
    head: tuple[int, str] | None,
    start: tuple[int, str] = (0, GENESIS),
) -> ChainBreak | None:
    """The first entry where the ledger's chain breaks, or None if it is intact.

    `start` is the (seq, hash) of the last entry of a pruned prefix (retention ended), whose
    seal the caller has checked.
    """
    return verify_links(
        entries,
        head,
        lambda e: (
            seal_disclosure(
                key, e.seq, e.at, subject=e.subject, disclosure=e.disclosure, prev=e.prev_hash
            ).hash
        ),
        start,
    )
