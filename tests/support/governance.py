"""Building staff members and governance fixtures through the real use cases."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.domain.disclosure_requests import Filing
from jobexp.domain.staff import StaffMember
from jobexp.service_layer import consents, staff
from jobexp.service_layer.context import RequestContext, Services
from jobexp.types import UserId
from tests.support.factories import API

STAFF_PASSWORD = "quiet harbour lantern"
CLI = RequestContext(None, "cli")


def add_staff(svc: Services, role: str, email: str | None = None) -> StaffMember:
    address = email or f"{role}.{secrets.token_hex(3)}@jobexp.example"
    return staff.add(svc, address, role, STAFF_PASSWORD, CLI)


def audit_rows(svc: Services) -> list[tuple[str, str]]:
    with svc.database.engine.connect() as connection:
        query = select(t.audit_log.c.action, t.audit_log.c.outcome).order_by(t.audit_log.c.seq)
        return [(r.action, r.outcome) for r in connection.execute(query)]


def grant_consent(svc: Services, user_id: UserId, purpose: str, recipient: str | None) -> None:
    consents.decide(svc, user_id, (purpose, recipient, "granted"), API)


def withdraw_consent(svc: Services, user_id: UserId, purpose: str, recipient: str | None) -> None:
    consents.decide(svc, user_id, (purpose, recipient, "withdrawn"), API)


def authority_filing(user_id: UserId, **changes: object) -> Filing:
    values: dict[str, object] = {
        "user_id": user_id,
        "recipient": "Haidian Public Security Bureau",
        "basis": "5c",
        "categories": ("account_identifier",),
        "recipient_region": "CN",
        "authority": "Haidian Public Security Bureau",
        "reference": "京公海(2026)1234",
    }
    values.update(changes)
    return Filing(**values)  # type: ignore[arg-type]
