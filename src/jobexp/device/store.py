"""The device's local SQLite store of contacts and calendar events (1a, 1c).

Each write runs in one transaction that commits explicitly; anything raised rolls it back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from jobexp.device.model import Contact, Event

__all__ = ["LocalStore"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS contacts (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS contact_numbers (
    contact TEXT NOT NULL REFERENCES contacts(key) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number TEXT NOT NULL,
    PRIMARY KEY (contact, position)
);
CREATE TABLE IF NOT EXISTS contact_groups (
    contact TEXT NOT NULL REFERENCES contacts(key) ON DELETE CASCADE,
    name TEXT NOT NULL,
    PRIMARY KEY (contact, name)
);
CREATE TABLE IF NOT EXISTS contact_aliases (
    contact TEXT NOT NULL REFERENCES contacts(key) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('nickname', 'relation')),
    position INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (contact, kind, position)
);
CREATE TABLE IF NOT EXISTS contact_references (
    ref TEXT PRIMARY KEY,
    said TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    key TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    calendar TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS events_by_start ON events(start);
"""


class LocalStore:
    """Contacts and events in one SQLite file, readable only by the device's owner."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            path.touch(mode=0o600)
        self._connection = sqlite3.connect(path, isolation_level=None)
        self._connection.execute("PRAGMA foreign_keys = ON")
        self._connection.executescript(SCHEMA)

    def close(self) -> None:
        self._connection.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def save_contacts(self, contacts: Iterable[Contact]) -> int:
        count = 0
        with self._transaction() as db:
            for contact in contacts:
                db.execute("DELETE FROM contacts WHERE key = ?", (contact.key,))
                db.execute("INSERT INTO contacts VALUES (?, ?)", (contact.key, contact.name))
                db.executemany(
                    "INSERT INTO contact_numbers VALUES (?, ?, ?)",
                    [(contact.key, i, number) for i, number in enumerate(contact.numbers)],
                )
                db.executemany(
                    "INSERT OR IGNORE INTO contact_groups VALUES (?, ?)",
                    [(contact.key, group) for group in contact.groups],
                )
                db.executemany(
                    "INSERT INTO contact_aliases VALUES (?, ?, ?, ?)",
                    [
                        (contact.key, kind, i, value)
                        for kind, values in (
                            ("nickname", contact.nicknames),
                            ("relation", contact.relations),
                        )
                        for i, value in enumerate(values)
                    ],
                )
                count += 1
        return count

    def save_events(self, events: Iterable[Event]) -> int:
        rows = [
            (
                e.key,
                e.title,
                e.start.isoformat(),
                e.end.isoformat(),
                e.calendar,
                e.location,
                e.description,
            )
            for e in events
        ]
        with self._transaction() as db:
            db.executemany("INSERT OR REPLACE INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def contacts(self) -> list[Contact]:
        db = self._connection
        numbers: dict[str, list[str]] = {}
        for key, number in db.execute(
            "SELECT contact, number FROM contact_numbers ORDER BY contact, position"
        ):
            numbers.setdefault(key, []).append(number)
        groups: dict[str, list[str]] = {}
        for key, group in db.execute("SELECT contact, name FROM contact_groups ORDER BY name"):
            groups.setdefault(key, []).append(group)
        aliases: dict[tuple[str, str], list[str]] = {}
        for key, kind, value in db.execute(
            "SELECT contact, kind, value FROM contact_aliases ORDER BY contact, kind, position"
        ):
            aliases.setdefault((key, kind), []).append(value)
        return [
            Contact(
                key,
                name,
                tuple(numbers.get(key, ())),
                tuple(groups.get(key, ())),
                tuple(aliases.get((key, "nickname"), ())),
                tuple(aliases.get((key, "relation"), ())),
            )
            for key, name in db.execute("SELECT key, name FROM contacts ORDER BY name, key")
        ]

    def save_reference(self, ref: str, said: str) -> None:
        """What a contact reference in server-bound text stands for (see references.py)."""
        with self._transaction() as db:
            db.execute("INSERT INTO contact_references VALUES (?, ?)", (ref, said))

    def references(self) -> dict[str, str]:
        return dict(self._connection.execute("SELECT ref, said FROM contact_references"))

    def events(self) -> list[Event]:
        return self._events("SELECT * FROM events ORDER BY start, key", ())

    def events_between(self, start: datetime, end: datetime) -> list[Event]:
        """Events overlapping [start, end), compared as instants whatever their offsets."""
        return [e for e in self.events() if e.start < end and e.end > start]

    def calendars(self) -> list[str]:
        return [row[0] for row in self._connection.execute("SELECT DISTINCT calendar FROM events")]

    def _events(self, sql: str, params: tuple[object, ...]) -> list[Event]:
        return [
            Event(
                key,
                title,
                datetime.fromisoformat(start),
                datetime.fromisoformat(end),
                calendar,
                location,
                description,
            )
            for key, title, start, end, calendar, location, description in self._connection.execute(
                sql, params
            )
        ]
