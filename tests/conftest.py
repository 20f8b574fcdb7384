"""Fixtures shared by every test: databases (SQLite file, PostgreSQL server) and services."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from jobexp.adapters.db import create_database_engine
from jobexp.adapters.migrate import upgrade
from jobexp.bootstrap import Overrides, bootstrap
from jobexp.clock import ManualClock
from jobexp.config import PasswordHashing, Settings
from jobexp.service_layer.context import Services
from tests.support.postgres import postgres_server
from tests.support.purpose_scan import SUITE_SCAN


def pytest_configure(config: pytest.Config) -> None:
    SUITE_SCAN.install()


@pytest.fixture(autouse=True)
def _every_personal_data_access_is_purpose_checked() -> Iterator[None]:
    """Fails the test during which application code touched personal data unchecked."""
    SUITE_SCAN.take()
    yield
    violations = SUITE_SCAN.take()
    if violations:
        pytest.fail("personal data touched outside a purpose check:\n" + "\n".join(violations))


# Still argon2id, at a cost that keeps hundreds of sign-ups in the suite fast.
TEST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=8192, parallelism=1)
TEMPLATE_DB = "jobexp_template"
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for the session, with a migrated template database."""
    with postgres_server() as url:
        _admin(url, f"DROP DATABASE IF EXISTS {TEMPLATE_DB}", f"CREATE DATABASE {TEMPLATE_DB}")
        template = create_database_engine(with_database(url, TEMPLATE_DB))
        upgrade(template)
        template.dispose()
        yield url


def with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _admin(url: str, *statements: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database on the chosen backend, dropped after the test."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'jobexp.sqlite3'}"
        return
    yield from _fresh_postgres_database(request.getfixturevalue("postgres_url"))


@pytest.fixture
def postgres_database_url(postgres_url: str) -> Iterator[str]:
    """A fresh database on the session's PostgreSQL server, whatever `backend` says."""
    yield from _fresh_postgres_database(postgres_url)


def _fresh_postgres_database(server: str) -> Iterator[str]:
    name = f"t_{uuid.uuid4().hex[:16]}"
    _admin(server, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}")
    yield with_database(server, name)
    _admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        password_hashing=TEST_HASHING,
        access_log_flush_seconds=0.05,
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))


@pytest.fixture
def svc(settings: Settings, clock: ManualClock) -> Iterator[Services]:
    services = bootstrap(settings, Overrides(clock=clock))
    yield services
    services.policies.join(10)  # a background policy refresh gives its connection back first
    services.database.engine.dispose()


def local_dev(settings: Settings) -> Settings:
    return dataclasses.replace(settings, local_development=True)
