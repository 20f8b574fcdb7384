"""The key vault: each user's wrapped data key, kept apart from the database it opens.

The personal-data store holds only ciphertext. The key that opens one user's fields lives
here, wrapped by the master key, and erasure destroys it here: a backup, dump or replica of
the database taken before an erasure holds no key for that user, so it cannot be read
afterwards, even with the master key (D7).

The vault is its own store: by default a SQLite file beside the master key
(`data/keys.sqlite3`), or a database of its own named by `JOBEXP_KEY_VAULT_URL` when several
machines share it. It is never backed up with the personal-data store (see
docs/deletion.md for what its own copies must respect).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from contextlib import suppress
from datetime import datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    LargeBinary,
    MetaData,
    String,
    Table,
    bindparam,
    delete,
    inspect,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from jobexp.adapters import tables as t
from jobexp.adapters.db import create_database_engine
from jobexp.adapters.tables import UTCDateTime
from jobexp.config import PoolSettings
from jobexp.domain import purpose_scope

__all__ = ["KeyVault", "vault_engine", "vault_metadata"]

vault_metadata = MetaData()


def _key_table(name: str, metadata: MetaData) -> Table:
    return Table(
        name,
        metadata,
        Column("user_id", String(32), primary_key=True),
        Column("wrapped_key", LargeBinary, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
    )


data_keys = _key_table("data_keys", vault_metadata)

# Where revisions before 0009 kept the keys, in the personal-data store itself.
_legacy = _key_table("user_keys", MetaData())

# The account's categories: opening a user's data key is reading their account (fail closed).
_CATEGORIES = t.categories_of(t.users)
_GET = select(data_keys.c.wrapped_key).where(data_keys.c.user_id == bindparam("user_id"))


def vault_engine(url: str, pool: PoolSettings | None = None) -> Engine:
    """The vault's engine; a SQLite vault file is created readable by its owner only, like
    the master key (SQLite gives its -wal and -shm files the same mode)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        path.chmod(0o600)
    return create_database_engine(url, pool)


class KeyVault:
    """Wrapped data keys by user id, in a store of their own; every write commits at once."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # A process starting beside this one may create the table first.
        with suppress(IntegrityError, ProgrammingError, OperationalError):
            vault_metadata.create_all(engine)

    @property
    def engine(self) -> Engine:
        return self._engine

    def put(self, user_id: str, wrapped_key: bytes, at: datetime) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                data_keys.insert().values(user_id=user_id, wrapped_key=wrapped_key, created_at=at)
            )

    def get(self, user_id: str) -> bytes | None:
        purpose_scope.require(_CATEGORIES, "KeyVault")
        with self._readonly() as connection:
            value = connection.execute(_GET, {"user_id": user_id}).scalar()
        return None if value is None else bytes(value)

    def destroy(self, user_ids: Iterable[str]) -> int:
        """Destroy these users' keys; how many there were (0 again the second time)."""
        ids = list(user_ids)
        if not ids:
            return 0
        with self._engine.begin() as connection:
            return connection.execute(
                delete(data_keys).where(data_keys.c.user_id.in_(ids))
            ).rowcount

    def user_ids(self, after: str, limit: int, created_before: datetime) -> Sequence[str]:
        """One page of key holders in id order, for reconciling with the accounts (no keys)."""
        query = (
            select(data_keys.c.user_id)
            .where(data_keys.c.user_id > after, data_keys.c.created_at < created_before)
            .order_by(data_keys.c.user_id)
            .limit(limit)
        )
        with self._readonly() as connection:
            return list(connection.execute(query).scalars())

    def adopt(self, connection: Connection) -> int:
        """Move the data keys a database from before revision 0009 holds in `user_keys` into
        the vault, inside the caller's transaction: copied (and committed here) first, then
        deleted there, so a crash in between leaves each key in one place at least."""
        if "user_keys" not in inspect(connection).get_table_names():
            return 0
        rows = connection.execute(select(_legacy)).all()
        with self._engine.begin() as vault:
            held = set(vault.execute(select(data_keys.c.user_id)).scalars())
            fresh = [r._asdict() for r in rows if r.user_id not in held]
            if fresh:
                vault.execute(data_keys.insert(), fresh)
        connection.execute(delete(_legacy))
        return len(fresh)

    def _readonly(self) -> Connection:
        # A reader takes no write lock (SQLite: plain BEGIN, see adapters/db.py).
        return self._engine.connect().execution_options(jobexp_readonly=True)
