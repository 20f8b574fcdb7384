"""Logging in and out, authenticating requests, changing passwords (D10 and throttling)."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from jobexp.adapters.common_passwords import common_passwords
from jobexp.adapters.repositories import Accounts, Devices, LoginFailures, Sessions, UserRow
from jobexp.adapters.retention_store import AccountActivity
from jobexp.domain.audit import AuditEvent
from jobexp.domain.devices import DeviceFacts
from jobexp.domain.errors import (
    AuthenticationFailed,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    Throttled,
)
from jobexp.domain.identifiers import parse_identifier
from jobexp.domain.passwords import check_new_password
from jobexp.domain.purposes import Access
from jobexp.domain.sessions import SessionRecord, new_token, token_digest
from jobexp.domain.throttle import AttemptKeys, retry_after
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import audit
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.policy_updates import PolicyNotice, pending_in
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import SessionKind, UserId

LOGIN = PurposeId.LOGIN_SECURITY
LOGIN_LOOKUP = Access(
    LOGIN,
    (
        CategoryId.ACCOUNT_IDENTIFIER,
        CategoryId.PASSWORD_HASH,
        CategoryId.DEVICE_IDENTIFIER,
        CategoryId.AUDIT_LOG,
    ),
    "read",
)
RECORD_FAILURE = Access(LOGIN, (CategoryId.AUDIT_LOG,), "write")
OPEN_SESSION = Access(
    LOGIN,
    (
        CategoryId.SESSION_RECORDS,
        CategoryId.PASSWORD_HASH,
        CategoryId.DEVICE_IDENTIFIER,
        CategoryId.NETWORK_CODE,
        CategoryId.COUNTRY_CODE,
    ),
    "write",
)
READ_SESSION = Access(LOGIN, (CategoryId.SESSION_RECORDS,), "read")
WRITE_SESSION = Access(LOGIN, (CategoryId.SESSION_RECORDS,), "write")
# When the account was last used: where "last activity" retention periods start (D8).
RECORD_ACTIVITY = Access(LOGIN, (CategoryId.ACCOUNT_IDENTIFIER,), "write")
CHECK_PASSWORD = Access(LOGIN, (CategoryId.PASSWORD_HASH,), "read")
CHANGE_PASSWORD = Access(LOGIN, (CategoryId.PASSWORD_HASH, CategoryId.SESSION_RECORDS), "write")


@dataclass(frozen=True)
class Credentials:
    identifier: str
    password: str


@dataclass(frozen=True)
class LoginResult:
    token: str
    session_id: str
    user_id: UserId
    expires_at: datetime
    trusted_proof: str


@dataclass(frozen=True)
class Principal:
    user_id: UserId
    session_id: str
    kind: SessionKind


def account_index(svc: Services, raw_identifier: str) -> str:
    """The blind index of the account a login names (of the raw text if it is malformed)."""
    try:
        value = parse_identifier(raw_identifier).value
    except InvalidInput:
        value = raw_identifier
    return svc.derived.identifier_index(value)


def trusted_proof(svc: Services, index: str) -> str:
    nonce = secrets.token_urlsafe(12)
    return f"{nonce}.{svc.derived.trusted_device.short(f'{index}:{nonce}')}"


def _trusted_key(svc: Services, index: str, proof: str | None) -> str | None:
    if not proof or proof.count(".") != 1:
        return None
    nonce, mac = proof.split(".")
    expected = svc.derived.trusted_device.short(f"{index}:{nonce}")
    return f"browser:{nonce}" if hmac.compare_digest(mac, expected) else None


def log_in(
    svc: Services,
    creds: Credentials,
    ctx: RequestContext,
    *,
    proof: str | None = None,
    device: DeviceFacts | None = None,
    register_device: bool = False,
) -> LoginResult:
    """Check credentials under throttling; on success open a new session with a new token."""
    index = account_index(svc, creds.identifier)
    with svc.uow(LOGIN_LOOKUP, readonly=True) as uow:
        user = uow.get(Accounts).by_index(index)
        trusted = _trusted_key(svc, index, proof)
        if user is not None and device is not None and not register_device:
            row = uow.get(Devices).find(user.id, device.device_id)
            trusted = f"device:{row}" if row else trusted
        keys = AttemptKeys(index, svc.derived.client_hash(ctx.client_ip or "unknown"), trusted)
        wait = _throttle_wait(svc, uow, keys)
    if wait:
        _refuse(svc, ctx, user, "throttled")
        raise Throttled(wait)
    stored = user.password_hash if user is not None else svc.hasher.dummy_hash
    if user is None or not svc.hasher.verify(stored, creds.password):
        _record_failure(svc, ctx, keys, user)
        raise AuthenticationFailed()
    rehash = svc.hasher.hash(creds.password) if svc.hasher.needs_rehash(stored) else None
    return _open_session(
        svc, ctx, user=user, index=index, device=device, register=register_device, rehash=rehash
    )


def _throttle_wait(svc: Services, uow: UnitOfWork, keys: AttemptKeys) -> int:
    now = svc.clock.now()
    waits = [0]
    for scope, key in keys.scopes():
        rule = svc.settings.throttle.rule(scope)
        failures = uow.get(LoginFailures).since(scope.value, key, now - rule.window)
        waits.append(retry_after(rule, failures, now))
    return max(waits)


def _refuse(svc: Services, ctx: RequestContext, user: UserRow | None, outcome: str) -> None:
    audit.record_alone(svc, _login_event(svc, ctx, user, outcome))


def _login_event(
    svc: Services, ctx: RequestContext, user: UserRow | None, outcome: str, **details: str
) -> AuditEvent:
    tag = None if user is None else audit.user_tag(svc, user.id)
    return AuditEvent(
        action="auth:session:login",
        outcome=outcome,
        actor=tag,
        subject=tag,
        client=audit.client_tag(svc, ctx),
        details={"channel": ctx.channel, "known_account": user is not None, **details},
    )


def _record_failure(
    svc: Services, ctx: RequestContext, keys: AttemptKeys, user: UserRow | None
) -> None:
    now = svc.clock.now()
    with svc.uow(RECORD_FAILURE) as uow:
        for scope, key in keys.scopes():
            uow.get(LoginFailures).add(scope.value, key, now)
        uow.get(LoginFailures).purge_before(now - svc.settings.throttle.longest_window)
        audit.record(uow, svc, _login_event(svc, ctx, user, "failure"))
        uow.commit()


def _open_session(
    svc: Services,
    ctx: RequestContext,
    *,
    user: UserRow,
    index: str,
    device: DeviceFacts | None,
    register: bool,
    rehash: str | None,
) -> LoginResult:
    now = svc.clock.now()
    token = new_token()
    session_id = secrets.token_hex(16)
    kind: SessionKind = "device" if device is not None else "web"
    idle, absolute = _timeouts(svc, kind)
    with svc.uow(OPEN_SESSION, RECORD_ACTIVITY) as uow:
        uow.get(AccountActivity).record(user.id, now)
        device_row = _device_row(svc, uow, ctx, user=user, device=device, register=register)
        uow.get(Sessions).add(
            session_id=session_id,
            digest=token_digest(token),
            user_id=user.id,
            kind=kind,
            at=now,
            idle=idle,
            absolute=absolute,
            device_row_id=device_row,
        )
        if rehash is not None:
            uow.get(Accounts).set_password(user.id, rehash, user.password_changed_at)
        audit.record(
            uow, svc, _login_event(svc, ctx, user, "success", session=_session_tag(svc, session_id))
        )
        uow.commit()
    return LoginResult(
        token=token,
        session_id=session_id,
        user_id=user.id,
        expires_at=min(now + idle, now + absolute),
        trusted_proof=trusted_proof(svc, index),
    )


def _device_row(
    svc: Services,
    uow: UnitOfWork,
    ctx: RequestContext,
    *,
    user: UserRow,
    device: DeviceFacts | None,
    register: bool,
) -> str | None:
    if device is None:
        return None
    facts = {"network_code": device.network_code, "country_code": device.country_code}
    row = uow.get(Devices).find(user.id, device.device_id)
    now = svc.clock.now()
    if row is not None:
        uow.get(Devices).record_login(row, facts, now)
        return row
    if not register:
        raise NotFound("device.not_registered")
    row = secrets.token_hex(16)
    uow.get(Devices).add(row, user.id, {"device_id": device.device_id, **facts}, now)
    tag = audit.user_tag(svc, user.id)
    audit.record(
        uow,
        svc,
        AuditEvent(
            action="auth:device:registered",
            actor=tag,
            subject=tag,
            client=audit.client_tag(svc, ctx),
            details={"network_code": device.network_code, "country_code": device.country_code},
        ),
    )
    return row


def _timeouts(svc: Services, kind: SessionKind) -> tuple[timedelta, timedelta]:
    t = svc.settings.timeouts
    return (t.device_idle, t.device_absolute) if kind == "device" else (t.web_idle, t.web_absolute)


def _session_tag(svc: Services, session_id: str) -> str:
    return svc.derived.pseudonym.short(f"session:{session_id}")


def authenticate(
    svc: Services, token: str, ctx: RequestContext, *, audit_rejection: bool = True
) -> Principal:
    """The live session a token belongs to, or NotAuthenticated (audited unless told not to:
    a page that only wants to know whether someone is signed in is not an access attempt)."""
    return authenticate_request(svc, token, ctx, audit_rejection=audit_rejection).principal


@dataclass(frozen=True)
class Authenticated:
    """Who a request is, and the policy update that user has not yet accepted, if any."""

    principal: Principal
    notice: PolicyNotice | None


def authenticate_request(
    svc: Services, token: str, ctx: RequestContext, *, audit_rejection: bool = True
) -> Authenticated:
    """`authenticate`, reading the pending policy notice in the same read transaction."""
    with svc.uow(READ_SESSION, readonly=True) as uow:
        check = check_session(svc, uow.get(Sessions).by_digest(token_digest(token)))
        notice = pending_in(svc, uow, check.principal.user_id) if check.live else None
    principal = settle(svc, check, ctx, audit_rejection=audit_rejection)
    return Authenticated(principal, notice)


@dataclass(frozen=True)
class SessionCheck:
    """The outcome of reading a session, before any write it calls for."""

    session: SessionRecord | None
    live: bool
    needs_touch: bool

    @property
    def principal(self) -> Principal:
        assert self.session is not None and self.live
        return Principal(self.session.user_id, self.session.id, self.session.kind)


def check_session(svc: Services, session: SessionRecord | None) -> SessionCheck:
    """Pure: is the session live now, and is its last-seen time due a refresh?"""
    now = svc.clock.now()
    live = session is not None and session.is_live(now)
    return SessionCheck(session, live, live and session is not None and session.should_touch(now))


def settle(
    svc: Services, check: SessionCheck, ctx: RequestContext, *, audit_rejection: bool = True
) -> Principal:
    """Do the writes a session check calls for (audit a rejection, refresh last-seen)."""
    if not check.live:
        if audit_rejection:
            _reject_token(svc, ctx, check.session)
        raise NotAuthenticated("auth.session_expired")
    if check.needs_touch:
        with svc.uow(WRITE_SESSION, RECORD_ACTIVITY) as uow:
            now = svc.clock.now()
            uow.get(Sessions).touch(check.principal.session_id, now)
            uow.get(AccountActivity).record(check.principal.user_id, now)
            uow.commit()
    return check.principal


def _reject_token(svc: Services, ctx: RequestContext, session: SessionRecord | None) -> None:
    reason = "unknown" if session is None else "ended" if session.ended_at else "expired"
    audit.record_alone(
        svc,
        AuditEvent(
            action="auth:session:rejected",
            outcome="failure",
            actor=None if session is None else audit.user_tag(svc, session.user_id),
            client=audit.client_tag(svc, ctx),
            details={"channel": ctx.channel, "reason": reason},
        ),
    )


def log_out(svc: Services, principal: Principal, ctx: RequestContext) -> None:
    with svc.uow(WRITE_SESSION) as uow:
        uow.get(Sessions).end(principal.session_id, svc.clock.now(), "logout")
        audit.record(uow, svc, _session_event(svc, principal, ctx, "auth:session:logout"))
        uow.commit()


def _session_event(
    svc: Services, principal: Principal, ctx: RequestContext, action: str, **details: int | str
) -> AuditEvent:
    tag = audit.user_tag(svc, principal.user_id)
    return AuditEvent(
        action=action,
        actor=tag,
        subject=tag,
        client=audit.client_tag(svc, ctx),
        details={
            "channel": ctx.channel,
            "session": _session_tag(svc, principal.session_id),
            **details,
        },
    )


def change_password(
    svc: Services, principal: Principal, current: str, new: str, ctx: RequestContext
) -> int:
    """Replace the password and end every other session; returns how many were ended."""
    with svc.uow(CHECK_PASSWORD, readonly=True) as uow:
        user = uow.get(Accounts).get(principal.user_id)
    if user is None:
        raise NotAuthenticated()
    if not svc.hasher.verify(user.password_hash, current):
        audit.record_alone(svc, _session_event(svc, principal, ctx, "auth:password:change_refused"))
        raise AuthenticationFailed("password.current_wrong")
    check_new_password(new, common_passwords())
    new_hash = svc.hasher.hash(new)
    now = svc.clock.now()
    with svc.uow(CHANGE_PASSWORD) as uow:
        uow.get(Accounts).set_password(user.id, new_hash, now)
        ended = uow.get(Sessions).end_all_for_user(
            user.id, now, "password_changed", keep=principal.session_id
        )
        audit.record(
            uow, svc, _session_event(svc, principal, ctx, "auth:password:changed", ended=ended)
        )
        uow.commit()
    return ended


def live_sessions(svc: Services, user_id: UserId) -> list[SessionRecord]:
    with svc.uow(READ_SESSION, readonly=True) as uow:
        return uow.get(Sessions).live_for_user(user_id, svc.clock.now())
