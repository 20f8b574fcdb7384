"""Writing to and verifying the audit chain."""

from __future__ import annotations

from jobexp.domain.audit import AuditEvent, ChainBreak, seal, verify_chain
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.unit_of_work import UnitOfWork


def record(uow: UnitOfWork, svc: Services, event: AuditEvent) -> None:
    """Append `event` inside the caller's transaction: it commits or vanishes with it."""
    seq, prev = uow.audit.lock_head()
    uow.audit.append(seal(svc.derived.audit_seal, seq + 1, svc.clock.now(), event, prev))


def record_alone(svc: Services, event: AuditEvent) -> None:
    """Append `event` in a transaction of its own (a refusal that changes nothing else)."""
    with svc.uow() as uow:
        record(uow, svc, event)
        uow.commit()


def user_tag(svc: Services, user_id: str) -> str:
    return svc.derived.pseudonym.short(f"user:{user_id}")


def client_tag(svc: Services, ctx: RequestContext) -> str | None:
    return None if ctx.client_ip is None else svc.derived.client_hash.short(ctx.client_ip)


def verify(svc: Services) -> ChainBreak | None:
    with svc.uow(readonly=True) as uow:
        return verify_chain(svc.derived.audit_seal, uow.audit.entries(), uow.audit.head())
