"""The privacy policy as plain, immutable data: what is collected, why, for how long, by whom.

Everything the service decides about personal data is read from a `Policy`. Its `version` is a
content hash, so an acceptance recorded against a version names exactly the text and rules the
user saw (decision D1).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Literal, TypeVar, get_args

# The decisions of spec/DECISIONS.md that settle what the policy leaves open.
DECISION_IDS: tuple[str, ...] = tuple(f"D{n}" for n in range(1, 19))

# PIPL article 13: the grounds on which personal information may be processed.
LegalBasis = Literal[
    "consent",
    "separate_consent",
    "contract",
    "legal_obligation",
    "vital_interest",
    "public_interest",
    "already_public",
]
ProcessedOn = Literal["server", "device"]
EndOfRetention = Literal["delete", "anonymize"]
RetentionStart = Literal["collection", "last_activity"]
RecipientKind = Literal["affiliate", "partner", "third_party_integration"]
# PIPL article 38: the lawful mechanisms for providing personal information abroad.
TransferMechanism = Literal["security_assessment", "certification", "standard_contract"]

LEGAL_BASES: tuple[str, ...] = get_args(LegalBasis)
PROCESSED_ON: tuple[str, ...] = get_args(ProcessedOn)
END_OF_RETENTION: tuple[str, ...] = get_args(EndOfRetention)
RETENTION_STARTS: tuple[str, ...] = get_args(RetentionStart)
RECIPIENT_KINDS: tuple[str, ...] = get_args(RecipientKind)
TRANSFER_MECHANISMS: tuple[str, ...] = get_args(TransferMechanism)

# How much say the user keeps under each basis; a drop means the basis was weakened.
USER_CONTROL: dict[str, int] = {"separate_consent": 2, "consent": 1}


def user_control(basis: str | None) -> int:
    """Rank a legal basis by the user's control over it: separate consent > consent > others."""
    return USER_CONTROL.get(basis or "", 0)


@dataclass(frozen=True)
class LocalizedText:
    en: str
    zh_CN: str  # noqa: N815 - spelled like the locale it holds

    def in_locale(self, locale: str) -> str:
        """The text for "zh-CN", else the English."""
        return self.zh_CN if locale == "zh-CN" else self.en


@dataclass(frozen=True)
class Retention:
    """How long one category is kept (for one purpose, or by default) and what happens then."""

    days: int
    then: EndOfRetention = "delete"
    starts: RetentionStart = "collection"
    purpose: str | None = None


@dataclass(frozen=True)
class Category:
    id: str
    name: LocalizedText
    description: LocalizedText
    sensitive: bool
    processed_on: ProcessedOn
    linked_to_account: bool = True
    retention: Retention | None = None
    retention_by_purpose: tuple[Retention, ...] = ()


@dataclass(frozen=True)
class Purpose:
    id: str
    name: LocalizedText
    description: LocalizedText
    legal_basis: LegalBasis | None
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Recipient:
    id: str
    name: LocalizedText
    kind: RecipientKind
    purposes: tuple[str, ...]
    categories: tuple[str, ...]
    requires_consent: bool
    grant_ends: date | None = None


@dataclass(frozen=True)
class Permission:
    """A device permission, bound to exactly one purpose (decision D9)."""

    id: str
    name: LocalizedText
    purpose: str
    categories: tuple[str, ...]
    asked_when: LocalizedText


@dataclass(frozen=True)
class Clause:
    id: str
    title: LocalizedText
    original: str
    text: LocalizedText
    decisions: tuple[str, ...]
    enforced_by: tuple[str, ...]


@dataclass(frozen=True)
class Region:
    """Where personal data is stored, and how it may lawfully leave (decision D5)."""

    storage: str
    cross_border_mechanisms: tuple[TransferMechanism, ...] = ()
    cross_border_purpose: str | None = None


@dataclass(frozen=True)
class Updates:
    material_requires_reconsent: bool


@dataclass(frozen=True)
class Policy:
    version_label: str
    published: date
    changes: tuple[LocalizedText, ...]
    region: Region
    updates: Updates
    categories: tuple[Category, ...]
    purposes: tuple[Purpose, ...]
    recipients: tuple[Recipient, ...]
    permissions: tuple[Permission, ...]
    clauses: tuple[Clause, ...]

    @cached_property
    def version(self) -> str:
        """The sha256 of the canonical content: any change to the policy changes it."""
        return hashlib.sha256(canonical_json(self).encode()).hexdigest()

    @property
    def clause_ids(self) -> tuple[str, ...]:
        """The ids of the clauses, in the order the policy file gives them (document order)."""
        return tuple(clause.id for clause in self.clauses)

    def category(self, category_id: str) -> Category:
        return _find(self.categories, category_id, "category")

    def purpose(self, purpose_id: str) -> Purpose:
        return _find(self.purposes, purpose_id, "purpose")

    def recipient(self, recipient_id: str) -> Recipient:
        return _find(self.recipients, recipient_id, "recipient")

    def permission(self, permission_id: str) -> Permission:
        return _find(self.permissions, permission_id, "permission")

    def clause(self, clause_id: str) -> Clause:
        return _find(self.clauses, clause_id, "clause")

    def allows(self, purpose_id: str, category_id: str) -> bool:
        """Whether the policy lets this purpose use this category; unknown ids are refused."""
        purposes = [p for p in self.purposes if p.id == purpose_id]
        return bool(purposes) and category_id in purposes[0].categories

    def sensitive_categories(self) -> tuple[Category, ...]:
        return tuple(c for c in self.categories if c.sensitive)

    def server_categories(self) -> tuple[Category, ...]:
        return tuple(c for c in self.categories if c.processed_on == "server")

    def purposes_using(self, category_id: str) -> tuple[Purpose, ...]:
        return tuple(p for p in self.purposes if category_id in p.categories)

    def retention_for(self, category_id: str, purpose_id: str | None = None) -> Retention | None:
        """The retention for a category under a purpose, falling back to the category default."""
        category = self.category(category_id)
        for retention in category.retention_by_purpose:
            if retention.purpose == purpose_id:
                return retention
        return category.retention


class UnknownId(KeyError):
    """A lookup named an id the policy does not declare."""


_Item = TypeVar("_Item", Category, Purpose, Recipient, Permission, Clause)


def _find(items: tuple[_Item, ...], item_id: str, kind: str) -> _Item:
    for item in items:
        if item.id == item_id:
            return item
    raise UnknownId(f"no {kind} {item_id!r} in the policy")


def canonical_json(policy: Policy) -> str:
    """Sorted-keys JSON of the whole content, the input of `Policy.version`."""
    return json.dumps(
        dataclasses.asdict(policy),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=_json_default,
    )


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialize {type(value).__name__}")
