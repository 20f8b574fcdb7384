"""Building test users through the real use cases."""

from __future__ import annotations

from datetime import date

from jobexp.service_layer import accounts
from jobexp.service_layer.context import RequestContext, Services
from jobexp.types import UserId

PASSWORD = "violet stapler morning"
API = RequestContext(client_ip="203.0.113.7", channel="api")


def sign_up_command(
    svc: Services,
    identifier: str = "alice@example.com",
    *,
    birth_date: date = date(1990, 5, 17),
    guardian: accounts.GuardianConsent | None = None,
    password: str = PASSWORD,
) -> accounts.SignUp:
    return accounts.SignUp(
        identifier=identifier,
        password=password,
        birth_date=birth_date,
        service_agreement_version=svc.documents.service_agreement,
        privacy_policy_version=svc.documents.privacy_policy,
        guardian=guardian,
    )


def sign_up(svc: Services, identifier: str = "alice@example.com", **kwargs: object) -> UserId:
    return accounts.sign_up(svc, sign_up_command(svc, identifier, **kwargs), API)  # type: ignore[arg-type]


def guardian() -> accounts.GuardianConsent:
    return accounts.GuardianConsent("王芳", "13900139000", "parent", agrees=True)
