"""Giving, withdrawing and refusing consent: one step each, effective at once, with history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jobexp.adapters.repositories import Accounts, Consents
from jobexp.domain.audit import AuditEvent
from jobexp.domain.consent import (
    GUARDIAN_ONLY_FOR_CHILDREN,
    ConsentDecision,
    ConsentOption,
    consent_options,
    find_option,
)
from jobexp.domain.errors import Forbidden, NotFound
from jobexp.domain.purposes import NO_RECIPIENT, Access
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import audit, marketing
from jobexp.service_layer.context import RequestContext, Services
from jobexp.types import UserId

READ = Access(PurposeId.CONSENT_MANAGEMENT, (CategoryId.CONSENT_RECORDS,), "read")
WRITE = Access(PurposeId.CONSENT_MANAGEMENT, (CategoryId.CONSENT_RECORDS,), "write")
CHECK_AGE = Access(PurposeId.ACCOUNT, (CategoryId.BIRTH_DATE,), "read")


@dataclass(frozen=True)
class ConsentStatus:
    option: ConsentOption
    decision: ConsentDecision | None  # None: never asked
    decided_at: datetime | None
    policy_version: str | None

    @property
    def granted(self) -> bool:
        return self.decision == "granted"


@dataclass(frozen=True)
class ConsentEvent:
    purpose: str
    recipient: str | None
    decision: ConsentDecision
    policy_version: str
    channel: str
    at: datetime


def statuses(svc: Services, user_id: UserId) -> list[ConsentStatus]:
    policy = svc.policies.published().current.policy
    with svc.uow(READ, subject=user_id, readonly=True) as uow:
        rows = {(r.purpose, r.recipient): r for r in uow.get(Consents).state(user_id)}
    result = []
    for option in consent_options(policy):
        row = rows.get(option.key)
        result.append(
            ConsentStatus(
                option=option,
                decision=None if row is None else row.decision,
                decided_at=None if row is None else row.at,
                policy_version=None if row is None else row.policy_version,
            )
        )
    return result


def decide(
    svc: Services,
    user_id: UserId,
    choice: tuple[str, str | None, ConsentDecision],
    ctx: RequestContext,
) -> ConsentStatus:
    """Record (purpose, recipient, decision); the purpose check sees it from the next access."""
    purpose, recipient, decision = choice
    published = svc.policies.published()
    option = find_option(published.current.policy, purpose, recipient)
    now = svc.clock.now()
    with svc.uow(WRITE, CHECK_AGE, subject=user_id) as uow:
        user = uow.get(Accounts).get(user_id)
        if user is None:
            raise NotFound("account.not_found")
        if decision == "granted" and user.data_sensitive and purpose in GUARDIAN_ONLY_FOR_CHILDREN:
            raise Forbidden("consent.child_needs_guardian")
        uow.get(Consents).record(
            user_id=user_id,
            purpose=option.purpose,
            recipient=option.recipient or NO_RECIPIENT,
            decision=decision,
            policy_version=published.current.version,
            channel=ctx.channel,
            at=now,
        )
        if decision != "granted":  # 4c: stops at once, including shares already queued
            marketing.cancel_queued(
                uow, svc, user_id, option.purpose, option.recipient or "", at=now
            )
        tag = audit.user_tag(svc, user_id)
        audit.record(
            uow,
            svc,
            AuditEvent(
                action=f"privacy:consent:{decision}",
                actor=tag,
                subject=tag,
                client=audit.client_tag(svc, ctx),
                details={
                    "purpose": option.purpose,
                    "recipient": option.recipient,
                    "policy_version": published.current.version,
                    "channel": ctx.channel,
                },
            ),
        )
        uow.commit()
    return ConsentStatus(option, decision, now, published.current.version)


def history(svc: Services, user_id: UserId) -> list[ConsentEvent]:
    with svc.uow(READ, subject=user_id, readonly=True) as uow:
        rows = uow.get(Consents).history(user_id)
    return [
        ConsentEvent(
            purpose=r.purpose,
            recipient=r.recipient or None,
            decision=r.decision,
            policy_version=r.policy_version,
            channel=r.channel,
            at=r.at,
        )
        for r in rows
    ]
