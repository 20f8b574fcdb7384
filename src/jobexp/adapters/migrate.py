"""Schema migrations (Alembic), run on start and by `jobexp db upgrade`."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from jobexp.adapters.key_vault import KeyVault

# Any fixed number: processes starting together on PostgreSQL migrate one at a time.
_MIGRATION_LOCK = 7_306_2024


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "jobexp:migrations")
    return config


def upgrade(engine: Engine, vault: KeyVault | None = None, revision: str = "head") -> None:
    """Migrate the schema; given the vault, first move into it any data key a database from
    before revision 0009 still holds (that revision refuses to drop a key)."""
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        if vault is not None:
            vault.adopt(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
