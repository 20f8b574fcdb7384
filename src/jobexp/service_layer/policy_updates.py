"""Publishing a policy update, telling users about it, and recording their acceptance (11; D1).

A minor update is announced and acknowledged. A material one stops the processing it affects
for each user until that user accepts it: the purpose check refuses those purposes for anyone
whose newest accepted release predates it. Continued use is never taken as acceptance.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobexp.adapters.repositories import Acceptances
from jobexp.domain.audit import AuditEvent
from jobexp.domain.errors import Conflict
from jobexp.domain.purposes import Access
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import audit
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.policy_releases import Published, Release
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import UserId

READ_ACCEPTANCE = Access(PurposeId.CONSENT_MANAGEMENT, (CategoryId.CONSENT_RECORDS,), "read")
WRITE_ACCEPTANCE = Access(PurposeId.CONSENT_MANAGEMENT, (CategoryId.CONSENT_RECORDS,), "write")


@dataclass(frozen=True)
class PolicyNotice:
    """What a user has not yet accepted: shown as a pop-up and flagged to devices."""

    kind: str  # minor | material
    version: str
    label: str
    affected: frozenset[str]
    releases: tuple[Release, ...]


def publish(svc: Services, text: str, file: str, ctx: RequestContext) -> Release:
    """Store a new release, classified from its content; it is in force at once."""
    with svc.uow() as uow:
        release = svc.policies.store(uow, text, file)
        audit.record(
            uow,
            svc,
            AuditEvent(
                action="policy:release:published",
                client=audit.client_tag(svc, ctx),
                details={
                    "seq": release.seq,
                    "version": release.version,
                    "kind": release.kind,
                    "affected": ",".join(sorted(release.affected)),
                    "channel": ctx.channel,
                },
            ),
        )
        uow.commit()
    svc.policies.reload()
    return release


def pending_notice(svc: Services, user_id: UserId) -> PolicyNotice | None:
    if len(svc.policies.published().releases) == 1:
        return None  # nothing was ever updated: every account accepted the only release
    with svc.uow(readonly=True) as uow:
        return pending_in(svc, uow, user_id)


def pending_in(svc: Services, uow: UnitOfWork, user_id: UserId) -> PolicyNotice | None:
    """`pending_notice`, read in a unit of work already open (the one that authenticates)."""
    published = svc.policies.published()
    if len(published.releases) == 1:
        return None
    uow.check(READ_ACCEPTANCE, subject=user_id)
    return _notice(published, uow.get(Acceptances).accepted_release(user_id))


def _notice(published: Published, accepted: int) -> PolicyNotice | None:
    pending = tuple(published.pending_for(accepted))
    if not pending:
        return None
    material = [r for r in pending if r.kind == "material"]
    current = published.current
    return PolicyNotice(
        kind="material" if material else "minor",
        version=current.version,
        label=current.label,
        affected=frozenset(p for r in material for p in r.affected),
        releases=pending,
    )


def accept(svc: Services, user_id: UserId, version: str, ctx: RequestContext) -> None:
    """Accept (or, for a minor update, acknowledge) the release in force."""
    current = svc.policies.published().current
    if version != current.version:
        raise Conflict("policy.outdated_version")
    now = svc.clock.now()
    with svc.uow(WRITE_ACCEPTANCE, subject=user_id) as uow:
        uow.get(Acceptances).add_acceptance(user_id, "privacy_policy", version, ctx.channel, now)
        tag = audit.user_tag(svc, user_id)
        audit.record(
            uow,
            svc,
            AuditEvent(
                action="privacy:policy:accepted",
                actor=tag,
                subject=tag,
                client=audit.client_tag(svc, ctx),
                details={"version": version, "kind": current.kind, "channel": ctx.channel},
            ),
        )
        uow.commit()
