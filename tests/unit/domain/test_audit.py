"""The audit chain detects edits, removals and reordering."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from jobexp.domain.audit import GENESIS, AuditEvent, SealedEntry, seal, verify_chain

KEY = b"k" * 32
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _chain(n: int) -> list[SealedEntry]:
    entries: list[SealedEntry] = []
    prev = GENESIS
    for seq in range(1, n + 1):
        entry = seal(KEY, seq, T0 + timedelta(seconds=seq), AuditEvent(f"test:event:{seq}"), prev)
        entries.append(entry)
        prev = entry.hash
    return entries


def _head(entries: list[SealedEntry]) -> tuple[int, str]:
    return entries[-1].seq, entries[-1].hash


def test_intact_chain_verifies() -> None:
    entries = _chain(5)
    assert verify_chain(KEY, entries, _head(entries)) is None


def test_edited_entry_is_named() -> None:
    entries = _chain(5)
    edited = dataclasses.replace(entries[2], event=AuditEvent("test:event:forged"))
    broken = verify_chain(KEY, [*entries[:2], edited, *entries[3:]], _head(entries))
    assert broken is not None and broken.seq == 3


def test_removed_middle_entry_is_named() -> None:
    entries = _chain(5)
    broken = verify_chain(KEY, entries[:2] + entries[3:], _head(entries))
    assert broken is not None and broken.seq == 3


def test_removed_newest_entry_is_caught_by_the_head() -> None:
    entries = _chain(5)
    broken = verify_chain(KEY, entries[:4], _head(entries))
    assert broken is not None and broken.seq == 5


def test_swapped_entries_are_caught() -> None:
    entries = _chain(5)
    a, b = entries[1], entries[2]
    swapped = [
        entries[0],
        dataclasses.replace(b, seq=2),
        dataclasses.replace(a, seq=3),
        *entries[3:],
    ]
    broken = verify_chain(KEY, swapped, _head(entries))
    assert broken is not None and broken.seq == 2


def test_a_chain_resealed_without_the_key_fails() -> None:
    entries = _chain(3)
    assert verify_chain(b"x" * 32, entries, _head(entries)) is not None
