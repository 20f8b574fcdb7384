"""The local SQLite store of contacts and events."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from jobexp.device.model import Contact, Event
from jobexp.device.store import LocalStore

START = datetime(2026, 11, 30, 6, tzinfo=UTC)
ANN = Contact("k1", "Ann", ("+8613500001111", "+8613500002222"), ("Family", "Work"))


def test_contacts_round_trip_with_numbers_in_order_and_groups(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s.sqlite3")
    store.save_contacts([ANN])
    assert store.contacts() == [ANN]


def test_the_store_file_is_readable_only_by_the_owner(tmp_path: Path) -> None:
    LocalStore(tmp_path / "s.sqlite3").close()
    assert stat.S_IMODE((tmp_path / "s.sqlite3").stat().st_mode) == 0o600


def test_importing_the_same_contact_again_replaces_it(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s.sqlite3")
    store.save_contacts([ANN])
    store.save_contacts([Contact("k1", "Ann B", ("+8613500003333",))])
    assert store.contacts() == [Contact("k1", "Ann B", ("+8613500003333",))]


def test_a_failed_import_leaves_nothing_half_written(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s.sqlite3")

    def contacts() -> Iterator[Contact]:
        yield ANN
        raise RuntimeError("disk went away")

    with pytest.raises(RuntimeError):
        store.save_contacts(contacts())
    assert store.contacts() == []


def test_events_between_finds_overlapping_events_across_offsets(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s.sqlite3")
    event = Event("e", "Audit", START, START + timedelta(hours=1), "Work")
    store.save_events([event])
    day = datetime(2026, 11, 30, tzinfo=UTC)
    assert store.events_between(day, day + timedelta(days=1)) == [event]
    assert store.events_between(day + timedelta(days=1), day + timedelta(days=2)) == []
    assert store.calendars() == ["Work"]


def test_nicknames_and_relationships_round_trip_in_order(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "s.sqlite3")
    li = Contact("k2", "李娜", ("+8615024680246",), (), ("娜娜", "Nana Qiao"), ("sister", "friend"))
    store.save_contacts([li, ANN])
    assert store.contacts() == [ANN, li]
    store.save_contacts([Contact("k2", "李娜", ("+8615024680246",))])
    assert store.contacts()[1].nicknames == ()  # re-imported without them: gone


def test_a_store_made_before_nicknames_existed_gains_them(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE contacts (key TEXT PRIMARY KEY, name TEXT NOT NULL);"
        "INSERT INTO contacts VALUES ('k1', 'Ann');"
    )
    old.close()
    store = LocalStore(path)
    assert [(c.name, c.nicknames) for c in store.contacts()] == [("Ann", ())]
