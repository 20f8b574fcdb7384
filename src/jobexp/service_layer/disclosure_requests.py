"""Disclosure requests from filing to the ledger (5.0, 5a-5g, 3x-c; D4).

Staff file a request; a privacy officer approves or refuses it; an approved request runs
through the purpose check and is written to the disclosure ledger in the same transaction.
Every transition is audited, and so is every refusal, with the reason.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from jobexp.adapters.governance import Governance
from jobexp.adapters.governance_records import (
    DisclosureRequestRecord,
    ViolationRecord,
    categories_of,
)
from jobexp.domain.disclosure_requests import (
    LEGAL_PURPOSE,
    TO_DECLARED_RECIPIENT,
    Checked,
    DisclosureRefused,
    Filing,
    Status,
    categories_text,
    check_approver,
    check_filing,
    check_transition,
)
from jobexp.domain.disclosures import Disclosure
from jobexp.domain.errors import DomainError, InvalidInput, NotFound
from jobexp.domain.purposes import Access, PurposeDenied
from jobexp.domain.staff import StaffMember, require
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from jobexp.service_layer.data_keys import require_account
from jobexp.service_layer.staff import record, refuse, today
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import UserId

REQUESTS_WRITE = Access(LEGAL_PURPOSE, (CategoryId.DISCLOSURE_RECORDS,), "write")
REQUESTS_READ = Access(LEGAL_PURPOSE, (CategoryId.DISCLOSURE_RECORDS,), "read")
VIOLATIONS = Access(PurposeId.SECURITY_LOGGING, (CategoryId.AUDIT_LOG,), "write")
CONSENTS = Access(PurposeId.CONSENT_MANAGEMENT, (CategoryId.CONSENT_RECORDS,), "read")
# Whether the account named exists: its id only.
ACCOUNT_NAMED = Access(LEGAL_PURPOSE, (CategoryId.ACCOUNT_IDENTIFIER,), "read")
PENDING: tuple[str, ...] = ("filed", "approved")


@dataclass(frozen=True)
class RequestView:
    id: str
    user_id: UserId
    recipient: str
    recipient_region: str
    basis: str
    purpose: str
    categories: tuple[str, ...]
    reference: str
    status: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decision_note: str | None
    hold_until: date | None


def _view(row: DisclosureRequestRecord) -> RequestView:
    return RequestView(
        id=row.id,
        user_id=row.user_id,
        recipient=row.recipient,
        recipient_region=row.recipient_region,
        basis=row.basis,
        purpose=row.purpose,
        categories=categories_of(row.categories),
        reference=row.reference or row.authority or row.citation[:80],
        status=row.status,
        requested_by=row.requested_by,
        requested_at=row.requested_at,
        decided_by=row.decided_by,
        decision_note=row.decision_note,
        hold_until=row.hold_until,
    )


@contextmanager
def _refusals_audited(
    svc: Services, member: StaffMember, action: str, **tags: object
) -> Iterator[None]:
    """A refusal (a broken rule, a missing basis) is audited in its own transaction, then raised."""
    try:
        yield
    except DomainError as exc:
        if not isinstance(exc, PurposeDenied):  # the purpose check audits its own refusals
            refuse(svc, member, action, exc.message_key, **tags)
        raise


def record_violation(
    svc: Services, member: StaffMember, user_id: UserId, *, rule: str, description: str, action: str
) -> str:
    """Keep a record of a violation of law or platform rules and the action taken (3x-c)."""
    require(member, "violation.record")
    if not (rule.strip() and description.strip() and action.strip()):
        raise InvalidInput("disclosure.violation_incomplete")
    violation_id = secrets.token_hex(16)
    with svc.uow(VIOLATIONS, ACCOUNT_NAMED, subject=user_id) as uow:
        require_account(uow, user_id)
        uow.get(Governance).violations.add(
            ViolationRecord(
                id=violation_id,
                user_id=user_id,
                rule=rule.strip()[:300],
                description=description.strip()[:4000],
                action_taken=action.strip()[:300],
                recorded_by=member.id,
                recorded_at=svc.clock.now(),
            )
        )
        record(
            uow, svc, member, "privacy:violation:recorded", subject=user_id, violation=violation_id
        )
        uow.commit()
    return violation_id


def file(svc: Services, member: StaffMember, filing: Filing) -> str:
    """File a request; its basis, conditions and categories are checked before it is stored."""
    tags = {
        "subject": filing.user_id,
        "basis": filing.basis[:4],
        "recipient": filing.recipient[:64],
    }
    with _refusals_audited(svc, member, "privacy:disclosure:filed", **tags):
        require(member, "disclosure.file")
        policy = svc.policies.published().current.policy
        checked = check_filing(filing, policy, today(svc))
        request_id = secrets.token_hex(16)
        accesses = (REQUESTS_WRITE, VIOLATIONS, CONSENTS, ACCOUNT_NAMED)
        with svc.uow(*accesses, subject=filing.user_id) as uow:
            require_account(uow, filing.user_id)
            _check_user_conditions(uow, checked)
            uow.get(Governance).requests.add(_row(checked, request_id, member, svc))
            record(
                uow,
                svc,
                member,
                "privacy:disclosure:filed",
                request=request_id,
                categories=categories_text(filing.categories),
                **tags,
            )
            uow.commit()
    return request_id


def _check_user_conditions(uow: UnitOfWork, checked: Checked) -> None:
    """What the basis needs from the database: the user's consent (5a), the violation (5d)."""
    f = checked.filing
    if checked.basis == "5a":
        consents = uow.user_choices(f.user_id).consents
        if (checked.purpose, f.recipient) not in consents:
            raise DisclosureRefused("disclosure.needs_consent")
    if checked.basis == "5d":
        violation = uow.get(Governance).violations.get(f.violation_id.strip())
        if violation is None or violation.user_id != f.user_id:
            raise DisclosureRefused("disclosure.needs_violation")


def _row(
    checked: Checked, request_id: str, member: StaffMember, svc: Services
) -> DisclosureRequestRecord:
    f = checked.filing
    return DisclosureRequestRecord(
        id=request_id,
        user_id=f.user_id,
        recipient=f.recipient.strip()[:200],
        recipient_region=f.recipient_region.strip().upper()[:8],
        basis=checked.basis,
        purpose=checked.purpose,
        categories=categories_text(f.categories),
        reference=f.reference.strip()[:300],
        authority=f.authority.strip()[:200],
        violation_id=f.violation_id.strip()[:32],
        citation=f.citation.strip()[:4000],
        prc_approval=f.prc_approval.strip()[:300],
        hold_until=f.hold_until,
        status="filed",
        requested_by=member.id,
        requested_at=svc.clock.now(),
    )


def _filing(row: DisclosureRequestRecord) -> Filing:
    return Filing(
        user_id=row.user_id,
        recipient=row.recipient,
        basis=row.basis,
        categories=categories_of(row.categories),
        recipient_region=row.recipient_region,
        reference=row.reference,
        authority=row.authority,
        violation_id=row.violation_id,
        citation=row.citation,
        prc_approval=row.prc_approval,
        hold_until=row.hold_until,
    )


def decide(
    svc: Services, member: StaffMember, request_id: str, approve: bool, note: str = ""
) -> None:
    """Approve or refuse a filed request (5g: never by the member who filed it)."""
    wanted: Status = "approved" if approve else "refused"
    with _refusals_audited(svc, member, f"privacy:disclosure:{wanted}", request=request_id):
        require(member, "disclosure.decide")
        if not approve and not note.strip():
            raise InvalidInput("disclosure.refusal_needs_reason")
        with svc.uow(REQUESTS_WRITE) as uow:
            repo = uow.get(Governance).requests
            row = repo.get(request_id)
            if row is None:
                raise NotFound("disclosure.not_found")
            check_transition(row.status, wanted)
            if approve:
                check_approver(row.basis, row.requested_by, member.id)
            repo.decide(
                request_id,
                row.status,
                wanted,
                by=member.id,
                at=svc.clock.now(),
                note=note.strip()[:500] or None,
            )
            record(
                uow,
                svc,
                member,
                f"privacy:disclosure:{wanted}",
                subject=row.user_id,
                request=request_id,
                basis=row.basis,
            )
            uow.commit()


def execute(svc: Services, member: StaffMember, request_id: str) -> int:
    """Disclose: the purpose check, then the ledger entry, in one transaction; its seq."""
    with _refusals_audited(svc, member, "privacy:disclosure:executed", request=request_id):
        require(member, "disclosure.execute")
        policy = svc.policies.published().current.policy
        with svc.uow(REQUESTS_READ, readonly=True) as uow:
            row = uow.get(Governance).requests.get(request_id)
        if row is None:
            raise NotFound("disclosure.not_found")
        check_transition(row.status, "executed")
        # Re-checked now: a consent withdrawn or a grant ended since approval stops it here.
        checked = check_filing(_filing(row), policy, today(svc), fresh=False)
        try:
            return _disclose(svc, member, checked, row)
        except PurposeDenied as denied:
            _refuse_after_check(svc, member, row, denied.decision.reason)
            raise


def _disclose(
    svc: Services, member: StaffMember, checked: Checked, row: DisclosureRequestRecord
) -> int:
    f = checked.filing
    with svc.uow(REQUESTS_WRITE, CONSENTS, VIOLATIONS, subject=f.user_id) as uow:
        _check_user_conditions(uow, checked)
        uow.check(checked.access(), subject=f.user_id)
        now = svc.clock.now()
        seq = ledger.record(
            uow,
            svc,
            f.user_id,
            Disclosure(
                recipient=f.recipient,
                purpose=checked.purpose,
                basis=checked.basis,
                categories=f.categories,
                fields=f.fields,
                reference=_reference(row),
                request_id=row.id,
                hold_until=f.hold_until,
                region=f.recipient_region,
            ),
        )
        if not uow.get(Governance).requests.executed(row.id, now):
            raise NotFound("disclosure.not_found")
        record(
            uow,
            svc,
            member,
            "privacy:disclosure:executed",
            subject=f.user_id,
            request=row.id,
            basis=checked.basis,
            region=f.recipient_region,
            cross_border=f.recipient_region != svc.policies.published().rules.region,
        )
        uow.commit()
    return seq


def _reference(row: DisclosureRequestRecord) -> str:
    if row.basis == "5d":
        return f"violation:{row.violation_id}"
    if row.basis == "5g":
        return row.citation[:300]
    authority = f"{row.authority}: " if row.basis == "5c" and row.authority else ""
    return f"{authority}{row.reference}"[:300]


def _refuse_after_check(
    svc: Services, member: StaffMember, row: DisclosureRequestRecord, reason: str
) -> None:
    with svc.uow(REQUESTS_WRITE) as uow:
        uow.get(Governance).requests.decide(
            row.id,
            "approved",
            "refused",
            by=member.id,
            at=svc.clock.now(),
            note=f"purpose check: {reason}"[:500],
        )
        record(
            uow,
            svc,
            member,
            "privacy:disclosure:refused",
            subject=row.user_id,
            request=row.id,
            reason=reason,
        )
        uow.commit()


def pending(
    svc: Services, member: StaffMember, page: int, size: int = 20
) -> tuple[list[RequestView], int]:
    """Requests waiting for a decision or to be executed, newest first; and how many pages."""
    require(member, "disclosure.file")
    with svc.uow(REQUESTS_READ, readonly=True) as uow:
        repo = uow.get(Governance).requests
        total = repo.count(PENDING)
        pages = max(1, -(-total // size))
        number = min(max(page, 1), pages)
        rows = repo.page(PENDING, (number - 1) * size, size)
    return [_view(r) for r in rows], pages


def get(svc: Services, member: StaffMember, request_id: str) -> RequestView:
    require(member, "disclosure.file")
    with svc.uow(REQUESTS_READ, readonly=True) as uow:
        row = uow.get(Governance).requests.get(request_id)
    if row is None:
        raise NotFound("disclosure.not_found")
    return _view(row)


__all__ = [
    "TO_DECLARED_RECIPIENT",
    "decide",
    "execute",
    "file",
    "get",
    "pending",
    "record_violation",
]
