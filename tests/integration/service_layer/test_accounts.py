"""Sign-up (P2, P3, 3a; D1, D6, D10) on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import Table, func, select

from jobexp.adapters import tables as t
from jobexp.domain.errors import Conflict, InvalidInput
from jobexp.service_layer import accounts
from jobexp.service_layer.context import Services
from tests.support.factories import API, PASSWORD, guardian, sign_up, sign_up_command


def _count(svc: Services, table: Table) -> int:
    with svc.database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_sign_up_stores_both_acceptances_with_current_versions_and_time(svc: Services) -> None:
    user_id = sign_up(svc)
    profile = accounts.profile(svc, user_id)
    assert {(a.document, a.version) for a in profile.acceptances} == {
        ("service_agreement", svc.documents.service_agreement),
        ("privacy_policy", svc.documents.privacy_policy),
    }
    assert all(a.accepted_at == svc.clock.now() and a.channel == "api" for a in profile.acceptances)


def test_sign_up_without_accepting_stores_nothing(svc: Services) -> None:
    cmd = dataclasses.replace(sign_up_command(svc), privacy_policy_version=None)
    with pytest.raises(InvalidInput, match=r"consent\.required"):
        accounts.sign_up(svc, cmd, API)
    assert _count(svc, t.users) == 0


def test_accepting_an_outdated_policy_version_is_refused(svc: Services) -> None:
    cmd = dataclasses.replace(sign_up_command(svc), privacy_policy_version="0" * 64)
    with pytest.raises(Conflict, match=r"consent\.outdated"):
        accounts.sign_up(svc, cmd, API)


def test_minor_without_guardian_consent_is_refused(svc: Services) -> None:
    with pytest.raises(InvalidInput, match=r"guardian\.required"):
        sign_up(svc, birth_date=date(2010, 6, 1))
    assert _count(svc, t.users) == 0


def test_guardian_who_does_not_agree_does_not_count(svc: Services) -> None:
    refusing = dataclasses.replace(guardian(), agrees=False)
    with pytest.raises(InvalidInput, match=r"guardian\.required"):
        sign_up(svc, birth_date=date(2010, 6, 1), guardian=refusing)


def test_minor_with_guardian_consent_is_recorded(svc: Services) -> None:
    user_id = sign_up(svc, birth_date=date(2010, 6, 1), guardian=guardian())
    profile = accounts.profile(svc, user_id)
    assert profile.is_minor and not profile.data_sensitive
    assert profile.guardian_consented_at == svc.clock.now()


def test_child_under_fourteen_is_marked_sensitive(svc: Services) -> None:
    user_id = sign_up(svc, birth_date=date(2015, 6, 1), guardian=guardian())
    assert accounts.profile(svc, user_id).data_sensitive


def test_same_identifier_twice_is_a_conflict(svc: Services) -> None:
    sign_up(svc, "alice@example.com")
    with pytest.raises(Conflict):
        sign_up(svc, "ALICE@example.com")
    assert _count(svc, t.users) == 1


def test_identifier_and_birth_date_are_stored_encrypted(svc: Services) -> None:
    sign_up(svc, "alice@example.com")
    with svc.database.engine.connect() as connection:
        row = connection.execute(select(t.users)).one()._mapping
    stored = b"".join(v for v in row.values() if isinstance(v, bytes))
    assert b"alice" not in stored and b"1990" not in stored
    assert "alice" not in row["identifier_index"]


def test_password_is_stored_as_an_argon2id_hash(svc: Services) -> None:
    sign_up(svc)
    with svc.database.engine.connect() as connection:
        stored = connection.execute(select(t.users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_sign_up_is_audited_with_pseudonymous_identifiers_only(svc: Services) -> None:
    user_id = sign_up(svc, "alice@example.com")
    with svc.database.engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(select(t.audit_log))]
    assert [r["action"] for r in rows] == ["account:user:signed_up"]
    flat = repr(rows)
    assert user_id not in flat and "alice" not in flat and "203.0.113.7" not in flat


def test_unknown_time_zone_is_refused(svc: Services) -> None:
    cmd = dataclasses.replace(sign_up_command(svc), time_zone="Mars/Olympus")
    with pytest.raises(InvalidInput, match=r"time_zone\.unknown"):
        accounts.sign_up(svc, cmd, API)
