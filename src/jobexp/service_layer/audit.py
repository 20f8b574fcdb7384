"""Writing to and verifying the audit chain."""

from __future__ import annotations

import hmac

from jobexp.adapters.repositories import AuditLog
from jobexp.adapters.retention_store import AuditPrune
from jobexp.domain import purpose_scope
from jobexp.domain.audit import GENESIS, AuditEvent, ChainBreak, prune_seal, seal, verify_chain
from jobexp.domain.purposes import Access, Decision, PurposeDenied
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import UserId

SECURITY_LOG = Access(PurposeId.SECURITY_LOGGING, (CategoryId.AUDIT_LOG,), "write")


def record(uow: UnitOfWork, svc: Services, event: AuditEvent) -> None:
    """Append `event` inside the caller's transaction: it commits or vanishes with it."""
    refused = svc.guard.decide((SECURITY_LOG,), None, uow)
    if refused is not None:
        raise PurposeDenied(*refused)
    with purpose_scope.authorized(SECURITY_LOG.categories):
        seq, prev = uow.get(AuditLog).lock_head()
        uow.get(AuditLog).append(
            seal(svc.derived.audit_seal, seq + 1, svc.clock.now(), event, prev)
        )


def record_alone(svc: Services, event: AuditEvent) -> None:
    """Append `event` in a transaction of its own (a refusal that changes nothing else)."""
    with svc.uow() as uow:
        record(uow, svc, event)
        uow.commit()


def user_tag(svc: Services, user_id: UserId) -> str:
    return svc.derived.user_tag(user_id)


def client_tag(svc: Services, ctx: RequestContext) -> str | None:
    return None if ctx.client_ip is None else svc.derived.client_hash.short(ctx.client_ip)


AUDIT_READ = Access(PurposeId.SECURITY_LOGGING, (CategoryId.AUDIT_LOG,), "read")


def verify(svc: Services) -> ChainBreak | None:
    """The first break in the chain, or None; a pruned prefix is checked by its sealed record."""
    with svc.uow(AUDIT_READ, readonly=True) as uow:
        start = kept_start(uow.get(AuditPrune), svc.derived.audit_seal, "audit")
        if isinstance(start, ChainBreak):
            return start
        return verify_chain(
            svc.derived.audit_seal, uow.get(AuditLog).entries(), uow.get(AuditLog).head(), start
        )


def kept_start(prune: AuditPrune, key: bytes, chain: str) -> tuple[int, str] | ChainBreak:
    """Where a chain's kept entries begin: after its pruned prefix, if its seal holds."""
    checkpoint = prune.checkpoint()
    if checkpoint is None:
        return (0, GENESIS)
    through, last_hash, sealed = checkpoint
    if not hmac.compare_digest(prune_seal(key, through, last_hash, chain), sealed):
        return ChainBreak(through, "the record of pruned entries does not match its seal")
    return (through, last_hash)


def count(svc: Services) -> int:
    with svc.uow(AUDIT_READ, readonly=True) as uow:
        return uow.get(AuditLog).count()


def record_denial(
    svc: Services, access: Access, decision: Decision, subject: UserId | None
) -> None:
    """Audit a refusal of the purpose check (each one, with the clauses behind it)."""
    record_alone(
        svc,
        AuditEvent(
            action="privacy:purpose:denied",
            outcome="denied",
            subject=None if subject is None else user_tag(svc, subject),
            details={
                "purpose": access.purpose,
                "categories": ",".join(access.categories),
                "action": access.action,
                "recipient": access.recipient,
                "region": access.region,
                "reason": decision.reason,
                "clauses": ",".join(decision.clauses),
            },
        ),
    )
