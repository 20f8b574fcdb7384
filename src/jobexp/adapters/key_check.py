"""The key check value: proof, kept in the database, of which master key it was started with.

Machines sharing one database must share one master key: a process with another key would
write data keys and audit seals nobody else can open. The first start stores a hash of a
key derived for this purpose only (it reveals nothing of the master key); every later start
compares and refuses a mismatch before it serves anything (issue 13, docs/deployment.md).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Engine, insert, inspect, select
from sqlalchemy.exc import IntegrityError

from jobexp.adapters.keys import KeyStore, KeyUnusable
from jobexp.adapters.tables import key_check

__all__ = ["check_master_key", "key_check_value"]

# Holds no personal data: one hash, written once.

MISMATCH = (
    "the master key does not match the one this database was first started with "
    "(its key check value differs): every process sharing a database must use the same "
    "master key, see docs/deployment.md"
)


def key_check_value(keys: KeyStore) -> str:
    return hashlib.sha256(keys.derive("key-check-value")).hexdigest()


def check_master_key(engine: Engine, keys: KeyStore, now: datetime) -> None:
    """Store the value on the first start; raise KeyUnusable when it differs from ours."""
    ours = key_check_value(keys)
    stored = _stored(engine)
    if stored is None:
        stored = _store_first(engine, ours, now)
    if stored != ours:
        raise KeyUnusable(MISMATCH)


def _stored(engine: Engine) -> str | None:
    with engine.connect().execution_options(jobexp_readonly=True) as connection:
        if not inspect(connection).has_table(key_check.name):
            return None  # a schema from before 0010 (`audit verify` does not migrate)
        value = connection.execute(select(key_check.c.value).where(key_check.c.id == 1))
        return value.scalar_one_or_none()


def _store_first(engine: Engine, value: str, now: datetime) -> str | None:
    """Ours, unless a process starting beside us stored its own first (then theirs)."""
    try:
        with engine.begin() as connection:
            if not inspect(connection).has_table(key_check.name):
                return value
            connection.execute(insert(key_check).values(id=1, value=value, created_at=now))
    except IntegrityError:
        return _stored(engine)
    return value
