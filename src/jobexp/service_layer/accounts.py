"""Signing up (clauses P2, P3, 3a; decisions D1, D6, D10) and reading one's own account."""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jobexp.adapters.common_passwords import common_passwords
from jobexp.adapters.keys import FieldCipher, new_data_key
from jobexp.adapters.records import AcceptanceRecord, GuardianConsentRecord
from jobexp.adapters.repositories import Acceptances, Accounts, Sessions, UserRow
from jobexp.domain.age import assess_age
from jobexp.domain.audit import AuditEvent
from jobexp.domain.errors import Conflict, DuplicateRow, InvalidInput, NotFound
from jobexp.domain.identifiers import LoginIdentifier, parse_identifier
from jobexp.domain.passwords import check_new_password
from jobexp.domain.purposes import Access
from jobexp.domain.sessions import token_digest
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import audit, auth
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import DEFAULT_TIME_ZONE, Locale, UserId

SERVICE_AGREEMENT = "service_agreement"
PRIVACY_POLICY = "privacy_policy"
MAX_GUARDIAN_NAME = 64
Relationship = Literal["parent", "legal_guardian"]

ACCOUNT_DATA = (CategoryId.ACCOUNT_IDENTIFIER, CategoryId.PASSWORD_HASH, CategoryId.BIRTH_DATE)
SIGN_UP = (
    Access(PurposeId.ACCOUNT, ACCOUNT_DATA, "write"),
    Access(
        PurposeId.CONSENT_MANAGEMENT,
        (CategoryId.CONSENT_RECORDS, CategoryId.GUARDIAN_CONSENT),
        "write",
    ),
)
READ_PROFILE = (
    Access(PurposeId.ACCOUNT, (CategoryId.ACCOUNT_IDENTIFIER, CategoryId.BIRTH_DATE), "read"),
    Access(
        PurposeId.CONSENT_MANAGEMENT,
        (CategoryId.CONSENT_RECORDS, CategoryId.GUARDIAN_CONSENT),
        "read",
    ),
)


@dataclass(frozen=True)
class GuardianConsent:
    name: str
    contact: str
    relationship: Relationship
    agrees: bool


@dataclass(frozen=True)
class SignUp:
    identifier: str
    password: str
    birth_date: date
    service_agreement_version: str | None
    privacy_policy_version: str | None
    guardian: GuardianConsent | None = None
    locale: Locale = "en"
    time_zone: str = DEFAULT_TIME_ZONE


@dataclass(frozen=True)
class Acceptance:
    document: str
    version: str
    channel: str
    accepted_at: datetime


@dataclass(frozen=True)
class Profile:
    user_id: UserId
    identifier: LoginIdentifier
    birth_date: date
    is_minor: bool
    data_sensitive: bool
    locale: Locale
    time_zone: str
    created_at: datetime
    acceptances: tuple[Acceptance, ...]
    guardian_consented_at: datetime | None


def today_in(time_zone: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(time_zone)).date()


def sign_up(svc: Services, cmd: SignUp, ctx: RequestContext) -> UserId:
    """Create an account, or raise; nothing is stored unless every rule holds."""
    identifier = parse_identifier(cmd.identifier)
    check_new_password(cmd.password, common_passwords())
    _check_time_zone(cmd.time_zone)
    _check_acceptance(svc, cmd)
    now = svc.clock.now()
    age = assess_age(cmd.birth_date, today_in(DEFAULT_TIME_ZONE, now))
    guardian = _check_guardian(cmd.guardian) if age.needs_guardian else None
    user_id = UserId(secrets.token_hex(16))
    data_key = new_data_key()
    cipher = FieldCipher(data_key, user_id)
    user = UserRow(
        id=user_id,
        identifier_kind=identifier.kind,
        identifier_enc=cipher.encrypt("identifier", identifier.value),
        birth_date_enc=cipher.encrypt("birth_date", cmd.birth_date.isoformat()),
        password_hash=svc.hasher.hash(cmd.password),
        is_minor=age.needs_guardian,
        data_sensitive=age.data_sensitive,
        locale=cmd.locale,
        time_zone=cmd.time_zone,
        created_at=now,
        password_changed_at=now,
    )
    index = svc.derived.identifier_index(identifier.value)
    try:
        with svc.uow(*SIGN_UP) as uow:
            if uow.get(Accounts).index_taken(index):
                raise Conflict("identifier.taken")
            uow.get(Accounts).add(user, index)
            for document, version in (
                (SERVICE_AGREEMENT, svc.documents.service_agreement),
                (PRIVACY_POLICY, svc.documents.privacy_policy),
            ):
                uow.get(Acceptances).add_acceptance(user_id, document, version, ctx.channel, now)
            if guardian is not None:
                uow.get(Acceptances).add_guardian_consent(
                    GuardianConsentRecord(
                        user_id=user_id,
                        guardian_name_enc=cipher.encrypt("guardian_name", guardian.name),
                        guardian_contact_enc=cipher.encrypt("guardian_contact", guardian.contact),
                        relationship=guardian.relationship,
                        policy_version=svc.documents.privacy_policy,
                        channel=ctx.channel,
                        consented_at=now,
                    )
                )
            audit.record(
                uow,
                svc,
                AuditEvent(
                    action="account:user:signed_up",
                    actor=audit.user_tag(svc, user_id),
                    subject=audit.user_tag(svc, user_id),
                    client=audit.client_tag(svc, ctx),
                    details={
                        "channel": ctx.channel,
                        "privacy_policy": svc.documents.privacy_policy,
                        "service_agreement": svc.documents.service_agreement,
                        "minor": age.needs_guardian,
                        "guardian_consent": guardian is not None,
                        "data_sensitive": age.data_sensitive,
                    },
                ),
            )
            # Last, so a refused sign-up leaves no key; a failed commit leaves one with no
            # account, which the retention sweep destroys (service_layer/key_reconcile.py).
            svc.vault.put(user_id, svc.keys.wrap(data_key), now)
            uow.commit()
    except DuplicateRow as exc:  # a concurrent sign-up took the identifier first
        raise Conflict("identifier.taken") from exc
    return user_id


def _check_acceptance(svc: Services, cmd: SignUp) -> None:
    if cmd.service_agreement_version is None or cmd.privacy_policy_version is None:
        raise InvalidInput("consent.required")
    current = (svc.documents.service_agreement, svc.documents.privacy_policy)
    if (cmd.service_agreement_version, cmd.privacy_policy_version) != current:
        raise Conflict("consent.outdated")


def _check_time_zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput("time_zone.unknown") from exc


def _check_guardian(guardian: GuardianConsent | None) -> GuardianConsent:
    if guardian is None or not guardian.agrees:
        raise InvalidInput("guardian.required")
    name = unicodedata.normalize("NFC", guardian.name.strip())
    if not name or len(name) > MAX_GUARDIAN_NAME or not name.isprintable():
        raise InvalidInput("guardian.bad_name", max=MAX_GUARDIAN_NAME)
    contact = parse_identifier(guardian.contact).value
    return GuardianConsent(name, contact, guardian.relationship, agrees=True)


def profile(svc: Services, user_id: UserId) -> Profile:
    with svc.uow(*READ_PROFILE, subject=user_id, readonly=True) as uow:
        loaded = _load(svc, uow, user_id)
    return _decrypt(svc, loaded)


@dataclass(frozen=True)
class MyAccount:
    """The session a token opens and the account behind it, read in one transaction."""

    check: auth.SessionCheck
    loaded: _Loaded | None


def read_my_account(svc: Services, token: str) -> MyAccount:
    """Read-only (no writes, so it may run on the event loop with SQLite); see `my_account`."""
    with svc.uow(auth.READ_SESSION, readonly=True) as uow:
        check = auth.check_session(svc, uow.get(Sessions).by_digest(token_digest(token)))
        if not check.live:
            return MyAccount(check, None)
        uow.check(*READ_PROFILE, subject=check.principal.user_id)
        return MyAccount(check, _load(svc, uow, check.principal.user_id))


def finish_my_account(
    svc: Services, read: MyAccount, ctx: RequestContext
) -> tuple[auth.Principal, Profile]:
    """The writes `read_my_account` left (audit a rejection, refresh last-seen), then decrypt."""
    principal = auth.settle(svc, read.check, ctx)
    assert read.loaded is not None
    return principal, _decrypt(svc, read.loaded)


@dataclass(frozen=True)
class _Loaded:
    user: UserRow
    wrapped_key: bytes
    acceptances: list[AcceptanceRecord]
    guardians: list[GuardianConsentRecord]


def _load(svc: Services, uow: UnitOfWork, user_id: UserId) -> _Loaded:
    user = uow.get(Accounts).get(user_id)
    wrapped = None if user is None else svc.vault.get(user_id)
    if user is None or wrapped is None:
        raise NotFound("account.not_found")
    return _Loaded(
        user,
        wrapped,
        uow.get(Acceptances).acceptances(user_id),
        uow.get(Acceptances).guardian_consents(user_id),
    )


def _decrypt(svc: Services, loaded: _Loaded) -> Profile:
    user = loaded.user
    cipher = FieldCipher(svc.keys.unwrap(loaded.wrapped_key), user.id)
    return Profile(
        user_id=user.id,
        identifier=LoginIdentifier(
            user.identifier_kind,  # type: ignore[arg-type]
            cipher.decrypt("identifier", user.identifier_enc),
        ),
        birth_date=date.fromisoformat(cipher.decrypt("birth_date", user.birth_date_enc)),
        is_minor=user.is_minor,
        data_sensitive=user.data_sensitive,
        locale=user.locale,  # type: ignore[arg-type]
        time_zone=user.time_zone,
        created_at=user.created_at,
        acceptances=tuple(
            Acceptance(a.document, a.version, a.channel, a.accepted_at) for a in loaded.acceptances
        ),
        guardian_consented_at=loaded.guardians[-1].consented_at if loaded.guardians else None,
    )
