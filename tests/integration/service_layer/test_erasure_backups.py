"""Crypto-shredding and backups (D7): a copy of the database taken before an erasure holds
the account's ciphertext but no key to it, and nothing left anywhere opens it afterwards."""

from __future__ import annotations

import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from jobexp.adapters.db import create_database_engine
from jobexp.adapters.keys import FieldCipher, KeyUnusable
from jobexp.bootstrap import partner_notifier
from jobexp.clock import ManualClock
from jobexp.service_layer import deletion, erasure
from jobexp.service_layer.context import Services
from jobexp.types import UserId
from tests.conftest import with_database
from tests.support.deletion import WEB, all_rows, ciphertexts, seed_account, vault_keys
from tests.support.factories import PASSWORD
from tests.support.postgres import bindir

AFTER_WINDOW = timedelta(hours=24, seconds=1)


@pytest.fixture
def backup(svc: Services, tmp_path: Path) -> Iterator[Engine]:
    """Takes a backup as an operator's tool would (SQLite's online backup, pg_dump), restored
    where an inspector can read it; the copy is made when the test first asks for it."""
    url = make_url(svc.settings.database_url)
    if url.get_backend_name() == "sqlite":
        copy = tmp_path / "backup.sqlite3"
        with sqlite3.connect(str(url.database)) as live, sqlite3.connect(copy) as target:
            live.backup(target)
        engine = create_database_engine(f"sqlite:///{copy}")
        yield engine
        engine.dispose()
        return
    yield from _pg_dump_and_restore(svc.settings.database_url, tmp_path / "backup.sql")


def _pg_dump_and_restore(database_url: str, dump: Path) -> Iterator[Engine]:
    libpq = make_url(database_url).set(drivername="postgresql")
    source = libpq.render_as_string(hide_password=False)
    subprocess.run([str(bindir() / "pg_dump"), "--no-owner", "-f", str(dump), source], check=True)
    name = f"restored_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    restored = with_database(source, name)
    psql = [str(bindir() / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-f", str(dump), restored]
    subprocess.run(psql, check=True, capture_output=True)
    engine = create_database_engine(with_database(database_url, name))
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def _erase(svc: Services, clock: ManualClock, user_id: UserId) -> None:
    deletion.request_deletion(svc, user_id, PASSWORD, WEB)
    clock.advance(AFTER_WINDOW)
    assert len(erasure.run(svc, partner_notifier(svc.settings)).erased) == 1


def _binary_values(engine: Engine) -> list[bytes]:
    return [
        bytes(value)
        for rows in all_rows(engine).values()
        for row in rows
        for value in row.values()
        if isinstance(value, bytes | memoryview)
    ]


def test_a_database_backup_holds_no_data_key(svc: Services, request: pytest.FixtureRequest) -> None:
    seed_account(svc, "target@example.com", serial=1)
    values = _binary_values(request.getfixturevalue("backup"))
    assert len(values) >= 4, "the seed stores encrypted fields"
    for value in values:  # not one stored value is a wrapped key the master key opens
        with pytest.raises(KeyUnusable):
            svc.keys.unwrap(value)


def test_a_backup_taken_before_an_erasure_cannot_be_read_after_it(
    svc: Services, clock: ManualClock, request: pytest.FixtureRequest
) -> None:
    target = seed_account(svc, "target@example.com", serial=1)
    other = seed_account(svc, "other@example.com", serial=2)
    backup: Engine = request.getfixturevalue("backup")  # taken now, before the erasure
    copied = ciphertexts(backup, target.user_id)
    assert len(copied) >= 4  # identifier, birth date, guardian name and contact

    _erase(svc, clock, target.user_id)

    keys = vault_keys(svc)
    assert target.user_id not in keys
    for wrapped in keys.values():  # no key left in the vault opens the erased account's copy
        cipher = FieldCipher(svc.keys.unwrap(wrapped), target.user_id)
        for field, ciphertext in copied:
            with pytest.raises(KeyUnusable):
                cipher.decrypt(field, ciphertext)
    # The same backup still restores everyone else: their keys are live in the vault.
    theirs = FieldCipher(svc.keys.unwrap(keys[other.user_id]), other.user_id)
    fields = dict(ciphertexts(backup, other.user_id))
    assert theirs.decrypt("identifier", fields["identifier"]) == "other@example.com"
