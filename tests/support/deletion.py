"""Accounts with a row in every table that can hold one, and scans of the whole schema."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, LargeBinary, select

from jobexp.adapters import tables as t
from jobexp.adapters.key_vault import data_keys
from jobexp.domain.devices import DeviceFacts
from jobexp.domain.errors import AuthenticationFailed
from jobexp.domain.geo import Coordinates
from jobexp.domain.identifiers import parse_identifier
from jobexp.domain.staff import StaffMember
from jobexp.service_layer import (
    audit,
    auth,
    consents,
    disclosure_requests,
    incidents,
    partners,
    places,
    staff,
    tasks,
)
from jobexp.service_layer import (
    marketing as marketing_shares,
)
from jobexp.service_layer.context import RequestContext, Services
from jobexp.types import UserId
from tests.support.factories import PASSWORD, guardian, sign_up
from tests.support.governance import add_staff, authority_filing

WEB = RequestContext(client_ip="198.51.100.20", channel="web")


@dataclass(frozen=True)
class Seeded:
    user_id: UserId
    identifier: str
    index: str  # blind index of the identifier
    ref: str  # pseudonym in the audit log and the deletion records
    device_row: str
    token: str  # a live device session token


def seed_account(
    svc: Services, identifier: str, *, serial: int = 0, marketing: bool = True
) -> Seeded:
    """Sign up a 16-year-old (guardian consent), a device, sessions, consents, failed logins."""
    user_id = sign_up(svc, identifier, birth_date=date(2010, 3, 1), guardian=guardian())
    web = RequestContext(f"10.{serial // 256 % 256}.{serial % 256}.1", "web")  # own throttle
    device = DeviceFacts(f"{serial:064x}", "46000", "CN")
    creds = auth.Credentials(identifier, PASSWORD)
    login = auth.log_in(svc, creds, web, device=device, register_device=True)
    auth.log_in(svc, creds, web)  # a web session too
    consents.decide(svc, user_id, ("navigation_share", "navigation_provider", "granted"), web)
    consents.decide(svc, user_id, ("weather", None, "granted"), web)
    _seed_assistant_and_governance(svc, user_id, web, marketing=marketing)
    wrong = auth.Credentials(identifier, "wrong password")
    for on_device in (None, device):  # throttle keys: the account's index, the device's row
        with pytest.raises(AuthenticationFailed):
            auth.log_in(svc, wrong, web, device=on_device)
    with svc.database.engine.connect() as connection:
        device_row = connection.execute(
            select(t.devices.c.id).where(t.devices.c.user_id == user_id)
        ).scalar_one()
    value = parse_identifier(identifier).value
    return Seeded(
        user_id=user_id,
        identifier=identifier,
        index=svc.derived.identifier_index(value),
        ref=audit.user_tag(svc, user_id),
        device_row=device_row,
        token=login.token,
    )


def _seed_assistant_and_governance(
    svc: Services, user_id: UserId, web: RequestContext, *, marketing: bool
) -> None:
    """Tasks, places, leak reports, staff records and (with `marketing`) a marketing partner's
    queued share and imported data, all by the real use cases."""
    consents.decide(svc, user_id, ("task_appointments", None, "granted"), web)
    tomorrow = svc.clock.now() + timedelta(days=1)
    tasks.create(svc, user_id, tasks.NewTask("Dentist at Dr. Lin's", tomorrow))
    places.add(svc, user_id, "home", "Home", Coordinates(39.9042, 116.4074))
    report = incidents.report_leak(svc, user_id, "phishing mail naming my account", web)
    officer = add_staff(svc, "privacy_officer")
    support = add_staff(svc, "support")
    admin = add_staff(svc, "administrator")
    leak = incidents.NewIncident(("account_identifier",), "cause", "harm", "remedies", (report,))
    incidents.open_incident(svc, officer, leak, users=(user_id,))
    violation = disclosure_requests.record_violation(
        svc, support, user_id, rule="Rule 7", description="Spam", action="Warned"
    )
    disclosure_requests.file(
        svc, support, authority_filing(user_id, basis="5d", violation_id=violation)
    )
    staff.ask_minor_access(svc, support, user_id, "answer the guardian's question")
    if marketing:
        _seed_marketing_partner(svc, user_id, web, admin)


def _seed_marketing_partner(
    svc: Services, user_id: UserId, web: RequestContext, admin: StaffMember
) -> None:
    consents.decide(svc, user_id, ("marketing", "marketing_partner", "granted"), web)
    marketing_shares.queue_share(svc, user_id, "marketing_partner")
    grant = partners.create_grant(
        svc, admin, recipient="marketing_partner", purpose="marketing",
        categories=("account_identifier",), ends_on=date(2027, 5, 1),
    ).grant.id  # fmt: skip
    row = {
        "user_id": user_id,
        "category": "account_identifier",
        "value": "seed@partner.example",
        "consent_reference": "partner-consent-1",
        "consented_at": "2026-10-01T09:00:00+08:00",
    }
    partners.import_rows(svc, grant, [(2, row)], "feed.csv")


def all_rows(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table in the schema, as the test reads it (not application code)."""
    with engine.connect() as connection:
        return {
            table.name: [dict(row._mapping) for row in connection.execute(select(table))]
            for table in t.metadata.sorted_tables
        }


def rows_mentioning(
    rows: dict[str, list[dict[str, Any]]], *needles: str
) -> dict[str, list[dict[str, Any]]]:
    """The rows where any column's text or bytes contains any of `needles`."""
    found: dict[str, list[dict[str, Any]]] = {}
    for table, table_rows in rows.items():
        for row in table_rows:
            if any(_mentions(value, needles) for value in row.values()):
                found.setdefault(table, []).append(row)
    return found


def _mentions(value: Any, needles: tuple[str, ...]) -> bool:
    if value is None:
        return False
    if isinstance(value, bytes):
        return any(n.encode() in value for n in needles)
    text = str(value)
    return any(n in text for n in needles)


def ciphertexts(engine: Engine, user_id: UserId) -> list[tuple[str, bytes]]:
    """(field name, ciphertext) of every encrypted column in the account's rows: a 'backup'."""
    found: list[tuple[str, bytes]] = []
    with engine.connect() as connection:
        for table in t.metadata.sorted_tables:
            binary = [c for c in table.columns if isinstance(c.type, LargeBinary)]
            owner = table.c.get("user_id") if table is not t.users else table.c.id
            if not binary or owner is None:
                continue
            for row in connection.execute(select(*binary).where(owner == user_id)):
                for column in binary:
                    name = column.name.removesuffix("_enc")
                    found.append((name, row._mapping[column.name]))
    return found


def vault_keys(svc: Services) -> dict[str, bytes]:
    """Every wrapped data key the key vault holds, by user id (read as an inspector would)."""
    with svc.vault.engine.connect() as connection:
        rows = connection.execute(select(data_keys.c.user_id, data_keys.c.wrapped_key))
        return {row.user_id: bytes(row.wrapped_key) for row in rows}
