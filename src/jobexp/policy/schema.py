"""The policy file's shape as pydantic models, each building the `model` object it describes.

The models check structure only: keys, types, allowed values. What refers to what (a purpose
naming an unknown category, a clause id the code does not know) is checked by the loader once
the whole file is read, and gaps in a well-formed policy are the linter's business.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from jobexp.policy._reader import (
    Day,
    Days,
    Flag,
    Text,
    Texts,
    each_one_of,
    items,
    keys_of,
    one_of,
    problem,
    text_keyed,
)
from jobexp.policy.model import (
    END_OF_RETENTION,
    LEGAL_BASES,
    PROCESSED_ON,
    RECIPIENT_KINDS,
    RETENTION_STARTS,
    TRANSFER_MECHANISMS,
    Category,
    Clause,
    EndOfRetention,
    LegalBasis,
    LocalizedText,
    Permission,
    Policy,
    ProcessedOn,
    Purpose,
    Recipient,
    RecipientKind,
    Region,
    Retention,
    RetentionStart,
    TransferMechanism,
    Updates,
)

__all__ = ["PolicyFile"]

REGION_CODE = re.compile(r"[A-Z]{2}")  # ISO 3166-1 alpha-2


def _region_code(value: object) -> object:
    if isinstance(value, str) and value.strip() and not REGION_CODE.fullmatch(value):
        raise problem(f"{value!r} is not a two-letter region code like CN")
    return value


def _one_purpose(value: object) -> object:
    if isinstance(value, list):
        raise problem(f"a permission is bound to exactly one purpose, got {len(value)}")
    return value


class _Mapping(BaseModel):
    """A mapping of the file: unknown keys and missing required keys are refused, by name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: object) -> object:
        return keys_of(data, cls.model_fields)


class LocalizedFile(_Mapping):
    en: Text
    zh_cn: Text = Field(alias="zh-CN")

    def build(self) -> LocalizedText:
        return LocalizedText(en=self.en, zh_CN=self.zh_cn)


class RetentionFile(_Mapping):
    days: Days
    then: Annotated[EndOfRetention, one_of(END_OF_RETENTION)] = "delete"
    starts: Annotated[RetentionStart, one_of(RETENTION_STARTS)] = "collection"

    def build(self, purpose: str | None = None) -> Retention:
        return Retention(self.days, self.then, self.starts, purpose)


class CategoryFile(_Mapping):
    id: Text
    name: LocalizedFile
    description: LocalizedFile
    sensitive: Flag
    processed_on: Annotated[ProcessedOn, one_of(PROCESSED_ON)]
    linked_to_account: Flag = True
    retention: RetentionFile | None = None
    retention_by_purpose: Annotated[dict[str, RetentionFile], text_keyed] = Field(
        default_factory=dict
    )

    def build(self) -> Category:
        return Category(
            id=self.id,
            name=self.name.build(),
            description=self.description.build(),
            sensitive=self.sensitive,
            processed_on=self.processed_on,
            linked_to_account=self.linked_to_account,
            retention=None if self.retention is None else self.retention.build(),
            retention_by_purpose=tuple(
                retention.build(purpose) for purpose, retention in self.retention_by_purpose.items()
            ),
        )


class PurposeFile(_Mapping):
    id: Text
    name: LocalizedFile
    description: LocalizedFile
    categories: Texts
    legal_basis: Annotated[LegalBasis, one_of(LEGAL_BASES)] | None = None

    def build(self) -> Purpose:
        return Purpose(
            id=self.id,
            name=self.name.build(),
            description=self.description.build(),
            legal_basis=self.legal_basis,
            categories=self.categories,
        )


class RecipientFile(_Mapping):
    id: Text
    name: LocalizedFile
    kind: Annotated[RecipientKind, one_of(RECIPIENT_KINDS)]
    purposes: Texts
    categories: Texts
    requires_consent: Flag
    grant_ends: Day | None = None

    def build(self) -> Recipient:
        return Recipient(
            id=self.id,
            name=self.name.build(),
            kind=self.kind,
            purposes=self.purposes,
            categories=self.categories,
            requires_consent=self.requires_consent,
            grant_ends=self.grant_ends,
        )


class PermissionFile(_Mapping):
    id: Text
    name: LocalizedFile
    purpose: Annotated[Text, BeforeValidator(_one_purpose)]
    categories: Texts
    asked_when: LocalizedFile

    def build(self) -> Permission:
        return Permission(
            id=self.id,
            name=self.name.build(),
            purpose=self.purpose,
            categories=self.categories,
            asked_when=self.asked_when.build(),
        )


class ClauseFile(_Mapping):
    title: LocalizedFile
    original: Text
    text: LocalizedFile
    decisions: Texts
    enforced_by: Texts

    def build(self, clause_id: str) -> Clause:
        return Clause(
            id=clause_id,
            title=self.title.build(),
            original=self.original,
            text=self.text.build(),
            decisions=self.decisions,
            enforced_by=self.enforced_by,
        )


class CrossBorderFile(_Mapping):
    mechanisms: Annotated[tuple[TransferMechanism, ...], each_one_of(TRANSFER_MECHANISMS)] = ()
    purpose: Text | None = None


class RegionFile(_Mapping):
    storage: Annotated[Text, BeforeValidator(_region_code)]
    cross_border: CrossBorderFile = Field(default_factory=CrossBorderFile)

    def build(self) -> Region:
        return Region(
            storage=self.storage,
            cross_border_mechanisms=self.cross_border.mechanisms,
            cross_border_purpose=self.cross_border.purpose,
        )


class UpdatesFile(_Mapping):
    material_requires_reconsent: Flag


class PolicyFile(_Mapping):
    """The whole file, top-level keys in the order they are checked."""

    version_label: Text
    published: Day
    changes: Annotated[tuple[LocalizedFile, ...], items("a list of notes in en and zh-CN")]
    region: RegionFile
    updates: UpdatesFile
    categories: Annotated[tuple[CategoryFile, ...], items()]
    purposes: Annotated[tuple[PurposeFile, ...], items()]
    recipients: Annotated[tuple[RecipientFile, ...], items()]
    permissions: Annotated[tuple[PermissionFile, ...], items()]
    clauses: Annotated[dict[str, ClauseFile], text_keyed]

    def build(self) -> Policy:
        return Policy(
            version_label=self.version_label,
            published=self.published,
            changes=tuple(note.build() for note in self.changes),
            region=self.region.build(),
            updates=Updates(self.updates.material_requires_reconsent),
            categories=tuple(category.build() for category in self.categories),
            purposes=tuple(purpose.build() for purpose in self.purposes),
            recipients=tuple(recipient.build() for recipient in self.recipients),
            permissions=tuple(permission.build() for permission in self.permissions),
            clauses=tuple(clause.build(cid) for cid, clause in self.clauses.items()),
        )
