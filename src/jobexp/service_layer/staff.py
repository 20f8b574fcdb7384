"""Staff: accounts, console sessions, and looking at a user's data with a stated purpose.

Every view of a user's personal data by staff names its purpose and is audited; a minor's
data needs a privacy officer's approval, given by someone other than the one asking, first.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from jobexp.adapters.common_passwords import common_passwords
from jobexp.adapters.governance import Governance
from jobexp.adapters.governance_records import MinorApproval, StaffAccount, StaffSession
from jobexp.adapters.repositories import LoginFailures
from jobexp.domain.audit import AuditEvent
from jobexp.domain.errors import (
    AuthenticationFailed,
    Conflict,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    Throttled,
)
from jobexp.domain.passwords import check_new_password
from jobexp.domain.purposes import Access
from jobexp.domain.sessions import new_token, token_digest
from jobexp.domain.staff import Role, StaffMember, parse_role, require, stated_purpose
from jobexp.domain.throttle import retry_after
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import audit
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.data_keys import open_account, require_account
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import DEFAULT_TIME_ZONE, UserId

STAFF_IDLE = timedelta(minutes=30)
STAFF_ABSOLUTE = timedelta(hours=8)
MINOR_APPROVAL_LASTS = timedelta(hours=24)
VIEW_ACCOUNT = Access(
    PurposeId.ACCOUNT, (CategoryId.ACCOUNT_IDENTIFIER, CategoryId.BIRTH_DATE), "read"
)
MINOR_APPROVALS = Access(PurposeId.SECURITY_LOGGING, (CategoryId.AUDIT_LOG,), "write")
LOGIN_FAILURES = Access(PurposeId.LOGIN_SECURITY, (CategoryId.AUDIT_LOG,), "write")


@dataclass(frozen=True)
class StaffLogin:
    token: str
    member: StaffMember
    expires_at: datetime


@dataclass(frozen=True)
class UserView:
    """What a member of staff sees of a user's account, after stating why."""

    user_id: UserId
    identifier: str
    identifier_kind: str
    birth_date: date
    is_minor: bool
    created_at: datetime
    purpose: str


def today(svc: Services) -> date:
    """Today where the policy's dates (grant ends, notice holds) are read: China time."""
    return svc.clock.now().astimezone(ZoneInfo(DEFAULT_TIME_ZONE)).date()


def staff_tag(svc: Services, staff_id: str) -> str:
    return svc.derived.pseudonym.short(f"staff:{staff_id}")


def _event(svc: Services, actor: StaffMember | None, action: str, **kw: object) -> AuditEvent:
    outcome = str(kw.pop("outcome", "success"))
    subject = kw.pop("subject", None)
    details = {k: v for k, v in kw.items() if isinstance(v, str | int | bool) or v is None}
    return AuditEvent(
        action=action,
        outcome=outcome,
        actor=None if actor is None else staff_tag(svc, actor.id),
        subject=None if subject is None else audit.user_tag(svc, UserId(str(subject))),
        details=details,
    )


def record(
    uow: UnitOfWork, svc: Services, actor: StaffMember | None, action: str, **kw: object
) -> None:
    """Audit a staff action inside the caller's transaction."""
    audit.record(uow, svc, _event(svc, actor, action, **kw))


def refuse(
    svc: Services, actor: StaffMember | None, action: str, reason: str, **kw: object
) -> None:
    """Audit a refused staff action in a transaction of its own."""
    audit.record_alone(svc, _event(svc, actor, action, outcome="denied", reason=reason, **kw))


def _email(raw: str) -> str:
    email = raw.strip().lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or len(email) > 254 or " " in email:
        raise InvalidInput("console.bad_email")
    return email


def add(svc: Services, email: str, role: str, password: str, ctx: RequestContext) -> StaffMember:
    """Create a staff account (the first administrator comes from `jobexp staff add`)."""
    member_role: Role = parse_role(role)
    address = _email(email)
    check_new_password(password, common_passwords())
    member = StaffMember(secrets.token_hex(16), address, member_role)
    with svc.uow() as uow:
        repo = uow.get(Governance).staff
        if repo.by_email(address) is not None:
            raise Conflict("console.staff_exists")
        repo.add(
            StaffAccount(
                id=member.id,
                email=address,
                role=member_role,
                password_hash=svc.hasher.hash(password),
                active=True,
                created_at=svc.clock.now(),
            )
        )
        record(
            uow,
            svc,
            None,
            "staff:account:created",
            role=member_role,
            channel=ctx.channel,
            staff=staff_tag(svc, member.id),
        )
        uow.commit()
    return member


def _attempt_keys(svc: Services, address: str, ctx: RequestContext) -> list[tuple[str, str]]:
    """Failures count against the staff account and against the client address."""
    return [
        ("staff", svc.derived.client_hash(f"staff:{address}")),
        ("staff_ip", svc.derived.client_hash(ctx.client_ip or "unknown")),
    ]


def _throttle_wait(svc: Services, keys: list[tuple[str, str]]) -> int:
    now = svc.clock.now()
    rule = svc.settings.throttle.account
    with svc.uow(LOGIN_FAILURES, readonly=True) as uow:
        return max(
            retry_after(rule, uow.get(LoginFailures).since(scope, key, now - rule.window), now)
            for scope, key in keys
        )


def _record_failure(svc: Services, keys: list[tuple[str, str]], ctx: RequestContext) -> None:
    now = svc.clock.now()
    with svc.uow(LOGIN_FAILURES) as uow:
        for scope, key in keys:
            uow.get(LoginFailures).add(scope, key, now)
        record(uow, svc, None, "staff:session:login", outcome="denied",
               reason="bad_credentials", client=audit.client_tag(svc, ctx))  # fmt: skip
        uow.commit()


def log_in(svc: Services, email: str, password: str, ctx: RequestContext) -> StaffLogin:
    """Check a staff member's password under throttling; open a console session."""
    address = email.strip().lower()
    keys = _attempt_keys(svc, address, ctx)
    wait = _throttle_wait(svc, keys)
    if wait:
        refuse(svc, None, "staff:session:login", "throttled", client=audit.client_tag(svc, ctx))
        raise Throttled(wait)
    with svc.uow(readonly=True) as uow:
        row = uow.get(Governance).staff.by_email(address)
    stored = row.password_hash if row is not None else svc.hasher.dummy_hash
    if row is None or not row.active or not svc.hasher.verify(stored, password):
        _record_failure(svc, keys, ctx)
        raise AuthenticationFailed()
    member = StaffMember(row.id, row.email, row.role)
    now = svc.clock.now()
    token = new_token()
    with svc.uow() as uow:
        uow.get(Governance).staff.open_session(
            StaffSession(
                id=secrets.token_hex(16),
                token_digest=token_digest(token),
                staff_id=member.id,
                created_at=now,
                last_seen_at=now,
                expires_at=now + STAFF_ABSOLUTE,
            )
        )
        record(uow, svc, member, "staff:session:login", client=audit.client_tag(svc, ctx))
        uow.commit()
    return StaffLogin(token, member, now + STAFF_ABSOLUTE)


def authenticate(svc: Services, token: str) -> StaffMember:
    """The staff member a console session token belongs to, if the session is live."""
    now = svc.clock.now()
    with svc.uow() as uow:
        repo = uow.get(Governance).staff
        row = repo.session_by_digest(token_digest(token))
        if (
            row is None
            or row.ended_at is not None
            or not row.active
            or now >= row.expires_at
            or now - row.last_seen_at >= STAFF_IDLE
        ):
            raise NotAuthenticated("console.login_required")
        repo.touch_session(row.id, now)
        uow.commit()
    return StaffMember(row.staff_id, row.email, row.role)


def log_out(svc: Services, token: str) -> None:
    with svc.uow() as uow:
        repo = uow.get(Governance).staff
        row = repo.session_by_digest(token_digest(token))
        if row is not None:
            repo.end_session(row.id, svc.clock.now())
            uow.commit()


def view_user(svc: Services, member: StaffMember, user_id: UserId, purpose: str) -> UserView:
    """A user's account as staff see it: purpose stated, audited, minors only when approved."""
    require(member, "user.view")
    reason = stated_purpose(purpose)
    now = svc.clock.now()
    with svc.uow(VIEW_ACCOUNT, MINOR_APPROVALS, subject=user_id) as uow:
        user, cipher = open_account(svc, uow, user_id)
        approved = uow.get(Governance).minor_approvals.live(user_id, member.id, now)
        if user.is_minor and not approved:
            uow.rollback()
            refuse(
                svc,
                member,
                "staff:user:viewed",
                "minor_needs_approval",
                subject=user_id,
                purpose=reason,
            )
            raise Forbidden("console.minor_needs_approval")
        record(
            uow,
            svc,
            member,
            "staff:user:viewed",
            subject=user_id,
            purpose=reason,
            minor=user.is_minor,
        )
        uow.commit()
    return UserView(
        user_id=user.id,
        identifier=cipher.decrypt("identifier", user.identifier_enc),
        identifier_kind=user.identifier_kind,
        birth_date=date.fromisoformat(cipher.decrypt("birth_date", user.birth_date_enc)),
        is_minor=user.is_minor,
        created_at=user.created_at,
        purpose=reason,
    )


def ask_minor_access(svc: Services, member: StaffMember, user_id: UserId, purpose: str) -> str:
    """Ask a privacy officer for access to a minor's data; returns the approval's id."""
    require(member, "user.view")
    reason = stated_purpose(purpose)
    approval_id = secrets.token_hex(16)
    with svc.uow(MINOR_APPROVALS, VIEW_ACCOUNT) as uow:
        require_account(uow, user_id)
        uow.get(Governance).minor_approvals.add(
            MinorApproval(
                id=approval_id,
                user_id=user_id,
                requested_by=member.id,
                purpose=reason,
                status="pending",
                requested_at=svc.clock.now(),
            )
        )
        record(uow, svc, member, "staff:minor_access:requested", subject=user_id, purpose=reason)
        uow.commit()
    return approval_id


def decide_minor_access(
    svc: Services, member: StaffMember, approval_id: str, approve: bool
) -> None:
    """A privacy officer, never the one who asked, approves or refuses access to a minor's data."""
    require(member, "minor.approve")
    now = svc.clock.now()
    with svc.uow(MINOR_APPROVALS) as uow:
        repo = uow.get(Governance).minor_approvals
        row = repo.get(approval_id)
        if row is None or row.status != "pending":
            raise NotFound("console.approval_not_found")
        if row.requested_by == member.id:
            uow.rollback()
            refuse(svc, member, "staff:minor_access:decided", "self_approval", subject=row.user_id)
            raise Forbidden("console.minor_self_approval")
        repo.decide(
            approval_id,
            "approved" if approve else "refused",
            by=member.id,
            at=now,
            expires_at=now + MINOR_APPROVAL_LASTS if approve else None,
        )
        record(
            uow,
            svc,
            member,
            "staff:minor_access:decided",
            subject=row.user_id,
            decision="approved" if approve else "refused",
        )
        uow.commit()


@dataclass(frozen=True)
class MinorAccessRequest:
    id: str
    user_id: UserId
    requested_by: str
    purpose: str
    requested_at: datetime


def pending_minor_access(svc: Services, member: StaffMember) -> list[MinorAccessRequest]:
    require(member, "minor.approve")
    with svc.uow(MINOR_APPROVALS, readonly=True) as uow:
        rows = uow.get(Governance).minor_approvals.pending(50)
    return [
        MinorAccessRequest(r.id, r.user_id, r.requested_by, r.purpose, r.requested_at) for r in rows
    ]
