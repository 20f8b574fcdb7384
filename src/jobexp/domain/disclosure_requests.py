"""Disclosure requests: one legal basis each, its conditions, and the approval state machine.

Clauses 5.0 and 5a-5g (D4). A request names the user, the recipient, the data categories
and exactly one basis; each basis brings its own conditions (a consent, a service request, an
authority's reference, a violation record, a complaint, a citation and a second approver) and
caps the categories that may go. The service layer adds what needs the database (the consent,
the violation) and runs the purpose check when the request is executed.

    filed -> approved -> executed
          -> refused
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, get_args

from jobexp.domain.errors import Conflict, Forbidden, InvalidInput
from jobexp.domain.purposes import Access
from jobexp.policy.ids import PurposeId
from jobexp.policy.model import Policy
from jobexp.types import UserId

Basis = Literal["5a", "5b", "5c", "5d", "5e", "5f", "5g"]
BASES: tuple[Basis, ...] = get_args(Basis)
Status = Literal["filed", "approved", "refused", "executed"]

LEGAL_PURPOSE = PurposeId.LEGAL_DISCLOSURE
CONTACT_DETAILS = frozenset({"account_identifier"})  # 5f: contact details only
# Bases that give to a recipient the policy declares, under that recipient's own purpose.
TO_DECLARED_RECIPIENT = frozenset({"5a", "5b"})
# Bases under which an authority may order that the user is not told for a while (D4).
NOTICE_HOLD_BASES = frozenset({"5c", "5d", "5g"})
LONGEST_HOLD = timedelta(days=365)
MIN_CITATION = 20


class DisclosureRefused(Forbidden):
    """A disclosure the rules do not allow; the message key says which condition failed."""


@dataclass(frozen=True)
class Filing:
    """What a member of staff asks for (before any check)."""

    user_id: UserId
    recipient: str
    basis: str
    categories: tuple[str, ...]
    recipient_region: str  # where the recipient is: an authority's country, a partner's region
    reference: str = ""  # 5b service request, 5c authority reference, 5e complaint reference
    authority: str = ""  # 5c: the authority's name
    violation_id: str = ""  # 5d
    citation: str = ""  # 5g: the law or platform rule, in writing
    prc_approval: str = ""  # a foreign authority: the PRC authority's approval (PIPL 41)
    hold_until: date | None = None  # notice held from the user until this day
    fields: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Checked:
    """A filing whose basis, conditions and categories hold; `purpose` is what it serves."""

    filing: Filing
    basis: Basis
    purpose: str

    def access(self) -> Access:
        """The purpose check the disclosure passes when it runs."""
        f = self.filing
        if self.basis in TO_DECLARED_RECIPIENT:
            return Access(self.purpose, f.categories, "share", f.recipient, f.recipient_region)
        return Access(LEGAL_PURPOSE, f.categories, "read", None, f.recipient_region)


def parse_basis(value: str) -> Basis:
    for basis in BASES:
        if basis == value:
            return basis
    raise DisclosureRefused("disclosure.no_basis")


def check_filing(filing: Filing, policy: Policy, today: date, *, fresh: bool = True) -> Checked:
    """The conditions of the filing's basis, and the narrowest categories it allows.

    `fresh` is False when an approved request is checked again before it runs: the notice
    hold was checked when it was filed.
    """
    basis = parse_basis(filing.basis.strip())
    if not filing.categories:
        raise InvalidInput("disclosure.no_categories")
    _check_conditions(basis, filing, policy.region.storage)
    purpose = _purpose_for(basis, filing, policy)
    allowed = _allowed_categories(basis, purpose, filing.recipient, policy)
    outside = sorted(set(filing.categories) - allowed)
    if outside:
        raise DisclosureRefused(
            "disclosure.categories_outside_basis", basis=basis, categories=", ".join(outside)
        )
    if fresh:
        _check_hold(basis, filing.hold_until, today)
    return Checked(filing, basis, purpose)


def _check_conditions(basis: Basis, f: Filing, home: str) -> None:
    if basis == "5b" and not f.reference.strip():
        raise DisclosureRefused("disclosure.needs_service_request")
    if basis == "5c" and not (f.authority.strip() and f.reference.strip()):
        raise DisclosureRefused("disclosure.needs_authority")
    if basis == "5d" and not f.violation_id.strip():
        raise DisclosureRefused("disclosure.needs_violation")
    if basis == "5e" and not f.reference.strip():
        raise DisclosureRefused("disclosure.needs_complaint")
    if basis == "5g" and len(f.citation.strip()) < MIN_CITATION:
        raise DisclosureRefused("disclosure.needs_citation")
    if basis == "5c" and f.recipient_region != home and not f.prc_approval.strip():
        raise DisclosureRefused("disclosure.foreign_authority")


def _purpose_for(basis: Basis, f: Filing, policy: Policy) -> str:
    if basis not in TO_DECLARED_RECIPIENT:
        return LEGAL_PURPOSE
    declared = {r.id: r for r in policy.recipients}
    recipient = declared.get(f.recipient)
    if recipient is None:
        raise DisclosureRefused("disclosure.recipient_not_declared", recipient=f.recipient)
    wanted = set(f.categories)
    for purpose_id in recipient.purposes:
        if wanted <= set(policy.purpose(purpose_id).categories):
            return purpose_id
    return recipient.purposes[0]


def _allowed_categories(basis: Basis, purpose: str, recipient: str, policy: Policy) -> set[str]:
    if basis == "5f":
        return set(CONTACT_DETAILS)
    allowed = set(policy.purpose(purpose).categories)
    if basis in TO_DECLARED_RECIPIENT:
        allowed &= set(policy.recipient(recipient).categories)
    return allowed


def _check_hold(basis: Basis, hold_until: date | None, today: date) -> None:
    if hold_until is None:
        return
    if basis not in NOTICE_HOLD_BASES:
        raise DisclosureRefused("disclosure.hold_not_allowed", basis=basis)
    if not today < hold_until <= today + LONGEST_HOLD:
        raise InvalidInput("disclosure.hold_range", days=LONGEST_HOLD.days)


# -- The state machine ----------------------------------------------------------------------

NEXT: dict[str, frozenset[str]] = {
    "filed": frozenset({"approved", "refused"}),
    "approved": frozenset({"executed"}),
    "refused": frozenset(),
    "executed": frozenset(),
}


def check_transition(current: str, wanted: Status) -> None:
    if wanted not in NEXT.get(current, frozenset()):
        raise Conflict("disclosure.bad_transition", current=current, wanted=wanted)


def check_approver(basis: str, requested_by: str, approver: str) -> None:
    """5g needs a second member of staff: the requester cannot approve their own request."""
    if basis == "5g" and approver == requested_by:
        raise DisclosureRefused("disclosure.self_approval")


def categories_text(categories: Iterable[str]) -> str:
    return ",".join(sorted(set(categories)))
