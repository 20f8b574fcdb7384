"""Keyed hash chains: what the audit log and the disclosure ledger have in common.

Each entry's seal is an HMAC over its position, its content and the seal before it, so
editing, removing or reordering a stored entry breaks the chain at that entry, and someone
with write access to the database alone cannot re-seal a forgery.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

GENESIS = "0" * 64


def keyed_digest(key: bytes, body: Mapping[str, object]) -> str:
    """The seal of `body`: HMAC-SHA256 over its canonical JSON."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


class KnownHead:
    """One process's last known (seq, hash) of a chain: a guess that spares the append a read.

    Only a guess: the store moves its head only from exactly this (seq, hash), so a stale
    guess (another process appended, a transaction rolled back) costs a re-read, never a fork.
    """

    def __init__(self) -> None:
        self.guess: tuple[int, str] | None = None


class Link(Protocol):
    @property
    def seq(self) -> int: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


L = TypeVar("L", bound=Link)


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_links(
    entries: Iterable[L],
    head: tuple[int, str] | None,
    reseal: Callable[[L], str],
    start: tuple[int, str] = (0, GENESIS),
) -> ChainBreak | None:
    """Return the first entry where the chain breaks, or None if it is intact.

    `reseal` recomputes an entry's seal from its stored content. `head` is the last
    (seq, hash) the writer recorded; it catches removal of the newest entries, which leaves
    no later entry to notice the gap. `start` is where the kept chain begins: (0, GENESIS),
    or the last entry of a prefix removed when its retention ended.
    """
    expected_seq, expected_prev = start[0] + 1, start[1]
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainBreak(expected_seq, f"entry {expected_seq} is missing or out of order")
        if entry.prev_hash != expected_prev:
            return ChainBreak(entry.seq, "does not link to the entry before it")
        if not hmac.compare_digest(reseal(entry), entry.hash):
            return ChainBreak(entry.seq, "content does not match its seal")
        expected_prev, expected_seq = entry.hash, entry.seq + 1
    last = (expected_seq - 1, expected_prev)
    if head is not None and head != last:
        if head[0] > last[0]:
            return ChainBreak(last[0] + 1, f"entries {last[0] + 1}..{head[0]} were removed")
        return ChainBreak(head[0], "the recorded head does not match the last entry")
    return None
