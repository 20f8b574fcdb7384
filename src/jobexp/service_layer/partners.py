"""Partner and affiliate grants, the partner API's checks, and data imported from partners.

4a, 4b, 3c (D14, D15). A partner reaches data only through a live grant's key, only for the
grant's categories, only where the purpose check allows (the user's consent for that
partner), and each share is written to the disclosure ledger. Terminating a grant for misuse
is recorded with a deletion attestation requested and tracked. Imported rows keep their
source and the consent they came with, and are read back only for that consent's purpose.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from jobexp.adapters.governance import Governance
from jobexp.adapters.governance_records import GrantRecord, PartnerRecord, categories_of
from jobexp.adapters.repositories import Accounts
from jobexp.domain.audit import AuditEvent
from jobexp.domain.disclosures import Disclosure
from jobexp.domain.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound
from jobexp.domain.grants import Grant, check_new_grant, key_digest, new_key
from jobexp.domain.partner_import import ImportRow, Rejected, parse_row
from jobexp.domain.purposes import Access, PurposeDenied
from jobexp.domain.staff import StaffMember, require
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import audit, ledger
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.data_keys import cipher_for, open_account
from jobexp.service_layer.staff import record, today
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import UserId

ACCOUNT_KEY = Access(PurposeId.ACCOUNT, (CategoryId.ACCOUNT_IDENTIFIER,), "read")


def value_field(category: str) -> str:
    """An imported value's field name in its ciphertext: the category it was imported as."""
    return f"partner:{category}"


@dataclass(frozen=True)
class IssuedGrant:
    grant: Grant
    api_key: str  # shown once; only its digest is stored


@dataclass(frozen=True)
class GrantView:
    grant: Grant
    created_at: datetime
    termination_reason: str | None
    attestation_requested_at: datetime | None
    attestation_received_at: datetime | None


@dataclass(frozen=True)
class ImportReport:
    accepted: int = 0
    rejected: list[Rejected] = field(default_factory=list)


def _grant(row: GrantRecord) -> Grant:
    return Grant(
        id=row.id,
        recipient=row.recipient,
        purpose=row.purpose,
        categories=frozenset(categories_of(row.categories)),
        ends_on=row.ends_on,
        terminated_at=row.terminated_at,
    )


def _view(row: GrantRecord) -> GrantView:
    return GrantView(
        _grant(row),
        row.created_at,
        row.termination_reason,
        row.attestation_requested_at,
        row.attestation_received_at,
    )


def create_grant(
    svc: Services,
    member: StaffMember,
    *,
    recipient: str,
    purpose: str,
    categories: tuple[str, ...],
    ends_on: date,
) -> IssuedGrant:
    require(member, "grant.manage")
    policy = svc.policies.published().current.policy
    check_new_grant(
        policy,
        recipient_id=recipient,
        purpose=purpose,
        categories=categories,
        ends_on=ends_on,
        today=today(svc),
    )
    key = new_key()
    grant = Grant(secrets.token_hex(16), recipient, purpose, frozenset(categories), ends_on)
    with svc.uow() as uow:
        uow.get(Governance).grants.add(
            GrantRecord(
                id=grant.id,
                recipient=recipient,
                purpose=purpose,
                categories=",".join(sorted(grant.categories)),
                ends_on=ends_on,
                key_digest=key_digest(key),
                created_by=member.id,
                created_at=svc.clock.now(),
            )
        )
        record(
            uow,
            svc,
            member,
            "partner:grant:created",
            grant=grant.id,
            recipient=recipient,
            purpose=purpose,
            ends_on=ends_on.isoformat(),
        )
        uow.commit()
    return IssuedGrant(grant, key)


def terminate(svc: Services, member: StaffMember, grant_id: str, reason: str) -> None:
    """End a grant at once (4b: misuse) and ask the partner to attest the data is deleted."""
    require(member, "grant.manage")
    if len(reason.strip()) < 5:
        raise InvalidInput("partner.termination_needs_reason")
    now = svc.clock.now()
    with svc.uow() as uow:
        repo = uow.get(Governance).grants
        row = repo.get(grant_id)
        if row is None:
            raise NotFound("partner.grant_not_found")
        if row.terminated_at is None:
            repo.terminate(grant_id, reason.strip()[:500], now)
        record(
            uow,
            svc,
            member,
            "partner:grant:terminated",
            grant=grant_id,
            recipient=row.recipient,
            attestation="requested",
        )
        uow.commit()


def attestation_received(svc: Services, member: StaffMember, grant_id: str) -> None:
    require(member, "grant.manage")
    with svc.uow() as uow:
        repo = uow.get(Governance).grants
        row = repo.get(grant_id)
        if row is None or row.attestation_requested_at is None:
            raise NotFound("partner.grant_not_found")
        repo.attested(grant_id, svc.clock.now())
        record(uow, svc, member, "partner:grant:attested", grant=grant_id)
        uow.commit()


def grants_page(
    svc: Services, member: StaffMember, page: int, size: int = 20
) -> tuple[list[GrantView], int]:
    require(member, "grant.manage")
    with svc.uow(readonly=True) as uow:
        repo = uow.get(Governance).grants
        pages = max(1, -(-repo.count() // size))
        number = min(max(page, 1), pages)
        rows = repo.page((number - 1) * size, size)
    return [_view(r) for r in rows], pages


# -- The partner API ------------------------------------------------------------------------


def _partner_denied(svc: Services, ctx: RequestContext, reason: str, **details: str) -> None:
    audit.record_alone(
        svc,
        AuditEvent(
            action="partner:api:denied",
            outcome="denied",
            client=audit.client_tag(svc, ctx),
            details={"reason": reason, **details},
        ),
    )


def grant_for_key(svc: Services, key: str | None, ctx: RequestContext) -> Grant:
    """The live grant a key opens; unknown, ended or terminated keys are refused and audited."""
    row = None
    if key:
        with svc.uow(readonly=True) as uow:
            row = uow.get(Governance).grants.by_key_digest(key_digest(key))
    if row is None:
        _partner_denied(svc, ctx, "partner.key_unknown")
        raise NotAuthenticated("partner.key_unknown")
    grant = _grant(row)
    refusal = grant.refusal(today(svc))
    if refusal is not None:
        _partner_denied(svc, ctx, refusal, grant=grant.id)
        raise NotAuthenticated(refusal)
    return grant


def share_with_partner(
    svc: Services, grant: Grant, user_id: UserId, categories: tuple[str, ...], ctx: RequestContext
) -> dict[str, str | None]:
    """What a partner may have of one user: grant categories only, consent checked, ledgered."""
    outside = grant.outside(categories)
    if outside or not categories:
        _partner_denied(
            svc, ctx, "partner.category_outside_grant", grant=grant.id, categories=",".join(outside)
        )
        raise Forbidden("partner.category_outside_grant", categories=", ".join(outside))
    share = Access(grant.purpose, categories, "share", grant.recipient)
    with svc.uow(share, ACCOUNT_KEY, subject=user_id) as uow:
        values = _values(svc, uow, user_id, categories)
        ledger.record(
            uow,
            svc,
            user_id,
            Disclosure(
                recipient=grant.recipient,
                purpose=grant.purpose,
                basis=_basis(svc, grant),
                categories=categories,
                reference=f"grant:{grant.id}",
                region=svc.policies.published().rules.region,
            ),
        )
        uow.commit()
    return values


def _basis(svc: Services, grant: Grant) -> str:
    """5a when the recipient needs the user's consent; 5b for an affiliate serving the user."""
    recipient = svc.policies.published().current.policy.recipient(grant.recipient)
    return "5a" if recipient.requires_consent else "5b"


def _values(
    svc: Services, uow: UnitOfWork, user_id: UserId, categories: tuple[str, ...]
) -> dict[str, str | None]:
    """The values JobExp holds for these categories (only the account identifier for now)."""
    user, cipher = open_account(svc, uow, user_id)
    values: dict[str, str | None] = dict.fromkeys(categories)
    if "account_identifier" in categories:
        values["account_identifier"] = cipher.decrypt("identifier", user.identifier_enc)
    return values


# -- Data from partners (3c; D15) -----------------------------------------------------------


def load_grant(svc: Services, grant_id: str) -> Grant:
    with svc.uow(readonly=True) as uow:
        row = uow.get(Governance).grants.get(grant_id)
    if row is None:
        raise NotFound("partner.grant_not_found")
    return _grant(row)


def import_rows(
    svc: Services,
    grant_id: str,
    rows: Iterable[tuple[int, Mapping[str, str | None]]],
    source: str,
    progress: Callable[[], None] = lambda: None,
) -> ImportReport:
    """Store each good row with its source and consent; say why each bad one was refused."""
    grant = load_grant(svc, grant_id)
    refusal = grant.refusal(today(svc))
    if refusal is not None:
        raise Forbidden(refusal)
    accepted, rejected = 0, []
    for line, raw in rows:
        parsed = parse_row(line, raw, grant, svc.clock.now())
        outcome = parsed if isinstance(parsed, Rejected) else _store(svc, grant, parsed, source)
        if outcome is None:
            accepted += 1
        else:
            rejected.append(outcome)
        progress()
    with svc.uow() as uow:
        audit.record(
            uow,
            svc,
            AuditEvent(
                action="partner:data:imported",
                details={"grant": grant.id, "accepted": accepted, "rejected": len(rejected)},
            ),
        )
        uow.commit()
    return ImportReport(accepted, rejected)


def _store(svc: Services, grant: Grant, row: ImportRow, source: str) -> Rejected | None:
    access = Access(grant.purpose, (row.category,), "write", grant.recipient)
    try:
        with svc.uow(ACCOUNT_KEY) as uow:
            if uow.get(Accounts).get(row.user_id) is None:
                return Rejected(row.line, "no JobExp user with this user_id")
            uow.check(access, subject=row.user_id)
            cipher = cipher_for(svc, row.user_id)
            uow.get(Governance).partner_records.add(
                PartnerRecord(
                    grant_id=grant.id,
                    user_id=row.user_id,
                    category=row.category,
                    value_enc=cipher.encrypt(value_field(row.category), row.value),
                    source=f"{grant.recipient}:{source}:{row.line}"[:300],
                    consent_purpose=grant.purpose,
                    consent_reference=row.consent_reference,
                    consented_at=row.consented_at,
                    imported_at=svc.clock.now(),
                )
            )
            uow.commit()
    except PurposeDenied as denied:
        why = denied.decision.reason
        return Rejected(
            row.line,
            f"refused by the purpose check ({why}): no live consent "
            f"from this user for {grant.recipient} / {grant.purpose}",
        )
    return None


@dataclass(frozen=True)
class ImportedValue:
    category: str
    value: str
    source: str
    consent_reference: str
    consented_at: datetime


def imported_for(
    svc: Services, user_id: UserId, purpose: str, recipient: str
) -> list[ImportedValue]:
    """Imported data usable for `purpose`: only rows that came with consent for that purpose."""
    policy = svc.policies.published().current.policy
    held = set(policy.purpose(purpose).categories)
    categories = tuple(sorted(held & set(policy.recipient(recipient).categories)))
    access = Access(purpose, categories, "read", recipient)
    with svc.uow(access, ACCOUNT_KEY, subject=user_id, readonly=True) as uow:
        _, cipher = open_account(svc, uow, user_id)
        rows = uow.get(Governance).partner_records.within_consent(user_id, purpose)
    return [
        ImportedValue(
            r.category,
            cipher.decrypt(value_field(r.category), r.value_enc),
            r.source,
            r.consent_reference,
            r.consented_at,
        )
        for r in rows
    ]


__all__ = [
    "attestation_received",
    "create_grant",
    "grant_for_key",
    "grants_page",
    "import_rows",
    "imported_for",
    "share_with_partner",
    "terminate",
    "value_field",
]
