"""Ledger entries: sealed, tamper-evident, and hidden while a notice hold lasts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from jobexp.domain.chain import GENESIS
from jobexp.domain.disclosures import Disclosure, LedgerEntry, seal_disclosure, verify_ledger

KEY = b"s" * 32
AT = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
SHARE = Disclosure("navigation_provider", "navigation_share", "5b", ("location_precise",))


def _entries(count: int) -> list[LedgerEntry]:
    entries: list[LedgerEntry] = []
    prev = GENESIS
    for seq in range(1, count + 1):
        entry = seal_disclosure(KEY, seq, AT, subject="u-1", disclosure=SHARE, prev=prev)
        entries.append(entry)
        prev = entry.hash
    return entries


def test_sealed_entries_verify() -> None:
    entries = _entries(3)
    assert verify_ledger(KEY, entries, (3, entries[-1].hash)) is None


def test_a_widened_category_list_is_named() -> None:
    entries = _entries(3)
    wider = replace(SHARE, categories=("location_precise", "account_identifier"))
    entries[1] = replace(entries[1], disclosure=wider)
    broken = verify_ledger(KEY, entries, (3, entries[-1].hash))
    assert broken is not None and broken.seq == 2


def test_a_changed_subject_is_named() -> None:
    entries = _entries(2)
    entries[0] = replace(entries[0], subject="u-2")
    broken = verify_ledger(KEY, entries, (2, entries[-1].hash))
    assert broken is not None and broken.seq == 1


def test_a_held_entry_is_hidden_until_the_hold_ends_and_shown_from_then() -> None:
    held = replace(_entries(1)[0], disclosure=replace(SHARE, hold_until=date(2026, 12, 31)))
    assert not held.visible_on(date(2026, 12, 30))
    assert held.visible_on(date(2026, 12, 31))


def test_an_entry_without_hold_is_visible() -> None:
    assert _entries(1)[0].visible_on(date(2000, 1, 1))


def test_a_disclosure_without_basis_is_refused() -> None:
    with pytest.raises(ValueError, match="basis"):
        Disclosure("navigation_provider", "navigation_share", "", ("location_precise",))


def test_a_disclosure_without_categories_is_refused() -> None:
    with pytest.raises(ValueError, match="categories"):
        Disclosure("navigation_provider", "navigation_share", "5b", ())
