"""A user's disclosure history and incident notices, in the reader's language (5.0, 8b).

Shared by the API and the privacy-center page, so both say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from jobexp.domain.disclosures import LedgerEntry
from jobexp.policy.model import Policy, UnknownId
from jobexp.service_layer.incidents import Notice


@dataclass(frozen=True)
class DisclosureRow:
    at: datetime
    recipient: str
    recipient_name: str
    purpose: str
    purpose_name: str
    basis: str
    basis_name: str
    categories: tuple[str, ...]
    category_names: tuple[str, ...]
    fields: tuple[str, ...]
    reference: str | None
    region: str
    held_until: date | None


@dataclass(frozen=True)
class NoticeRow:
    incident_id: str
    notified_at: datetime
    category_names: tuple[str, ...]
    cause: str
    harm: str
    remedies: str


def _name(policy: Policy, kind: str, item: str, locale: str) -> str:
    try:
        if kind == "recipient":
            return policy.recipient(item).name.in_locale(locale)
        if kind == "purpose":
            return policy.purpose(item).name.in_locale(locale)
        if kind == "category":
            return policy.category(item).name.in_locale(locale)
        return policy.clause(item).title.in_locale(locale)
    except (UnknownId, KeyError):
        return item  # an authority or a party named in the request, as written


def disclosure_row(policy: Policy, entry: LedgerEntry, locale: str) -> DisclosureRow:
    d = entry.disclosure
    return DisclosureRow(
        at=entry.at,
        recipient=d.recipient,
        recipient_name=_name(policy, "recipient", d.recipient, locale),
        purpose=d.purpose,
        purpose_name=_name(policy, "purpose", d.purpose, locale),
        basis=d.basis,
        basis_name=_name(policy, "clause", d.basis, locale),
        categories=d.categories,
        category_names=tuple(_name(policy, "category", c, locale) for c in d.categories),
        fields=d.fields,
        reference=d.reference,
        region=d.region,
        held_until=d.hold_until,
    )


def notice_row(policy: Policy, notice: Notice, locale: str) -> NoticeRow:
    return NoticeRow(
        incident_id=notice.incident_id,
        notified_at=notice.notified_at,
        category_names=tuple(_name(policy, "category", c, locale) for c in notice.categories),
        cause=notice.cause,
        harm=notice.harm,
        remedies=notice.remedies,
    )
