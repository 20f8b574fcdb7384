"""The migrations create exactly the schema the tables declare: autogenerate finds nothing to do.

The facts each table declares (`Table.info`) are not DDL: declaring or changing them needs no
migration, which this shows.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from jobexp.adapters.db import create_database_engine
from jobexp.adapters.migrate import upgrade
from jobexp.adapters.tables import metadata


def test_the_migrated_schema_matches_the_tables(database_url: str) -> None:
    engine = create_database_engine(database_url)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
    engine.dispose()
