"""The key vault: data keys apart from the database, moved there from older databases (D7)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from jobexp.adapters.db import create_database_engine
from jobexp.adapters.key_vault import KeyVault, vault_engine
from jobexp.adapters.keys import KeyUnusable
from jobexp.adapters.migrate import alembic_config, upgrade
from jobexp.adapters.tables import users
from jobexp.bootstrap import key_vault
from jobexp.config import Settings
from jobexp.domain.purpose_scope import UncheckedAccess, authorized

AT = datetime(2026, 11, 1, tzinfo=UTC)


def _database_before_the_vault(url: str) -> Engine:
    """A database at revision 0008, whose one account keeps its key in `user_keys`."""
    engine = create_database_engine(url)
    config = alembic_config()
    with engine.begin() as connection:  # fresh (SQLite) or from the migrated template
        config.attributes["connection"] = connection
        if MigrationContext.configure(connection).get_current_revision() is None:
            command.upgrade(config, "0008")
        else:
            command.downgrade(config, "0008")
    with engine.begin() as connection:
        connection.execute(
            users.insert().values(
                id="u1",
                identifier_kind="email",
                identifier_index="i1",
                identifier_enc=b"x",
                birth_date_enc=b"y",
                password_hash="h",
                is_minor=False,
                data_sensitive=False,
                locale="en",
                time_zone="Asia/Shanghai",
                created_at=AT,
                password_changed_at=AT,
            )
        )
        connection.execute(
            text("INSERT INTO user_keys (user_id, wrapped_key, created_at) VALUES ('u1', :k, :at)"),
            {"k": b"wrapped-u1", "at": AT},
        )
    return engine


def _vault(tmp_path: Path) -> KeyVault:
    return KeyVault(create_database_engine(f"sqlite:///{tmp_path / 'keys.sqlite3'}"))


def test_an_older_database_hands_its_keys_to_the_vault(database_url: str, tmp_path: Path) -> None:
    engine = _database_before_the_vault(database_url)
    vault = _vault(tmp_path)
    upgrade(engine, vault)
    with authorized({"account_identifier"}):
        assert vault.get("u1") == b"wrapped-u1"
    assert "user_keys" not in inspect(engine).get_table_names()
    engine.dispose()


def test_the_upgrade_refuses_to_drop_a_key_not_yet_moved(database_url: str, tmp_path: Path) -> None:
    engine = _database_before_the_vault(database_url)
    with pytest.raises(RuntimeError, match="user_keys still holds 1 data keys"):
        upgrade(engine)  # no vault given: nothing may be dropped
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM user_keys")).scalar() == 1
    engine.dispose()


def test_a_key_is_read_only_inside_a_purpose_check(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    vault.put("u1", b"wrapped", AT)
    with pytest.raises(UncheckedAccess):
        vault.get("u1")


def test_destroying_a_key_twice_destroys_it_once(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    vault.put("u1", b"wrapped", AT)
    assert [vault.destroy(["u1"]), vault.destroy(["u1"])] == [1, 0]


def test_a_vault_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    vault = KeyVault(vault_engine(f"sqlite:///{tmp_path / 'data' / 'keys.sqlite3'}"))
    vault.put("u1", b"wrapped", AT)
    assert (tmp_path / "data" / "keys.sqlite3").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700


def test_the_vault_may_not_be_the_personal_data_store(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    same = dataclasses.replace(settings, key_vault_url=settings.database_url)
    with pytest.raises(KeyUnusable, match="JOBEXP_KEY_VAULT_URL"):
        key_vault(same)
