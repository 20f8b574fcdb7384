"""Seeing, downloading and correcting one's own data (D18; PIPL articles 44-46).

`export` gathers everything JobExp holds about the user, section by section (one per table
that declares an `ExportSection`, adapters/tables), each with why it is held (the purposes
and their legal basis, from the policy) and until when (the end of its retention period,
computed from the policy and the user's last activity). `correct` changes what a user may
safely correct alone; both are audited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jobexp.adapters import tables as t
from jobexp.adapters.data_rights_store import DataRightsStore
from jobexp.adapters.governance import Governance
from jobexp.adapters.keys import FieldCipher
from jobexp.adapters.ledger import DisclosureLedger
from jobexp.adapters.repositories import Acceptances, Accounts, Consents
from jobexp.adapters.retention_store import AccountActivity
from jobexp.domain.audit import AuditEvent
from jobexp.domain.errors import InvalidInput, NotFound
from jobexp.domain.purposes import Access
from jobexp.domain.retention import retention_end
from jobexp.domain.table_facts import ExportSection
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.policy.model import Policy, Retention
from jobexp.service_layer import audit, ledger, partners, places, tasks
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.data_keys import open_account
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import LOCALES, Locale, UserId

__all__ = [
    "CORRECTABLE",
    "Correction",
    "Export",
    "Reason",
    "Section",
    "Withheld",
    "correct",
    "disclosures_for",
    "export",
]

EXPORT_CATEGORIES = (
    CategoryId.ACCOUNT_IDENTIFIER,
    CategoryId.BIRTH_DATE,
    CategoryId.GUARDIAN_CONSENT,
    CategoryId.SESSION_RECORDS,
    CategoryId.DEVICE_IDENTIFIER,
    CategoryId.NETWORK_CODE,
    CategoryId.COUNTRY_CODE,
    CategoryId.CONSENT_RECORDS,
    CategoryId.AUDIT_LOG,
    CategoryId.DISCLOSURE_RECORDS,
    CategoryId.MINORS_DATA,
    CategoryId.LOCATION_COARSE,  # the assistant's tasks
    CategoryId.LOCATION_PRECISE,  # saved places
    CategoryId.PERSONALIZATION_PROFILE,  # with the two above and account_identifier: partner data
    CategoryId.VOICE_RECOGNITION_RESULTS,
)
EXPORT = Access(PurposeId.DATA_RIGHTS, EXPORT_CATEGORIES, "read")
CORRECT = Access(PurposeId.DATA_RIGHTS, (CategoryId.ACCOUNT_IDENTIFIER,), "write")
# Purposes that handle data because it is held (ending it, showing it, a lawful order), not
# reasons it is held: left out of "why".
HANDLING = frozenset({"retention", "data_rights", "legal_disclosure"})
FORMAT = "jobexp-export/1"
Row = Mapping[Any, Any]  # a table's row, or an item built from one
# What a user may correct alone. The birth date decides whether a guardian must consent (D6)
# and the login identifier must be proven to be theirs: both go through customer service.
CORRECTABLE = ("locale", "time_zone")


@dataclass(frozen=True)
class Reason:
    purpose: str
    name: str
    legal_basis: str


@dataclass(frozen=True)
class Withheld:
    """A field that is held but not given out, and why: the page says it in the user's
    language, the download as `{"withheld": reason}`."""

    reason: str


@dataclass(frozen=True)
class Section:
    id: str
    categories: tuple[str, ...]
    why: tuple[Reason, ...]
    retention_days: int | None
    retention_starts: str | None
    retention_then: str | None
    until: datetime | None  # for the whole section; items may carry their own `retained_until`
    items: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class Export:
    generated_at: datetime
    policy_version: str
    time_zone: str
    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "generated_at": self.generated_at.isoformat(),
            "policy_version": self.policy_version,
            "sections": {s.id: _section_json(s) for s in self.sections},
        }


def _section_json(section: Section) -> dict[str, Any]:
    return {
        "categories": list(section.categories),
        "why": [r.__dict__ for r in section.why],
        "retention": {
            "days": section.retention_days,
            "starts": section.retention_starts,
            "then": section.retention_then,
            "until": _json_value(section.until),
        },
        "items": [{k: _json_value(v) for k, v in item.items()} for item in section.items],
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Withheld):
        return {"withheld": value.reason}
    return value


def disclosures_for(svc: Services, uow: UnitOfWork, user_id: UserId) -> list[Mapping[str, Any]]:
    """Every disclosure of this user's data in the ledger (D4), for the export; one under a
    notice hold only once the hold has ended, as in the privacy center's history."""
    now = svc.clock.now()
    visible = (
        e
        for e in uow.get(DisclosureLedger).about(audit.user_tag(svc, user_id))
        if ledger.visible(e, now)
    )
    return [
        {
            "at": e.at,
            "recipient": e.disclosure.recipient,
            "purpose": e.disclosure.purpose,
            "basis": e.disclosure.basis,
            "categories": list(e.disclosure.categories),
            "fields": list(e.disclosure.fields),
            "reference": e.disclosure.reference,
        }
        for e in visible
    ]


def export(svc: Services, user_id: UserId, ctx: RequestContext, locale: Locale) -> Export:
    """Everything held about the user, why and until when; the request itself is audited."""
    policy = svc.policies.published().current.policy
    now = svc.clock.now()
    with svc.uow(EXPORT, subject=user_id) as uow:
        held = _Held.read(svc, uow, user_id)
        granted = {purpose for purpose, _ in uow.get(Consents).granted(user_id)}
        audit.record(uow, svc, _event(svc, user_id, ctx, "exported", {}))
        uow.commit()
    build = _Builder(policy, locale, granted, held.last_activity)
    sections = tuple(build.section(spec, _items(spec, held)) for _, spec in SECTIONS)
    return Export(now, policy.version, held.user["time_zone"], sections)


# Every table declaring an export section, as (table, section), in the order shown.
SECTIONS: tuple[tuple[str, ExportSection], ...] = t.EXPORT_SECTIONS


@dataclass(frozen=True)
class _Held:
    user: Mapping[str, Any]
    last_activity: datetime
    guardians: Sequence[Mapping[str, Any]]
    acceptances: Sequence[Row]
    disclosures: Sequence[Mapping[str, Any]]
    incident_notices: Sequence[Row]
    tables: Mapping[str, Sequence[Row]]  # section id -> its table's own rows

    @classmethod
    def read(cls, svc: Services, uow: UnitOfWork, user_id: UserId) -> _Held:
        user, cipher = open_account(svc, uow, user_id)
        store = uow.get(DataRightsStore)
        last = uow.get(AccountActivity).last(user_id) or user.created_at
        profile = {
            "identifier_kind": user.identifier_kind,
            "identifier": cipher.decrypt("identifier", user.identifier_enc),
            "birth_date": cipher.decrypt("birth_date", user.birth_date_enc),
            "is_minor": user.is_minor,
            "child_under_14": user.data_sensitive,
            "locale": user.locale,
            "time_zone": user.time_zone,
            "created_at": user.created_at,
            "password_changed_at": user.password_changed_at,
            "last_activity_at": last,
            "password": Withheld("one_way_hash"),
        }
        guardians = [
            {
                "name": cipher.decrypt("guardian_name", g.guardian_name_enc),
                "contact": cipher.decrypt("guardian_contact", g.guardian_contact_enc),
                "relationship": g.relationship,
                "policy_version": g.policy_version,
                "channel": g.channel,
                "consented_at": g.consented_at,
            }
            for g in uow.get(Acceptances).guardian_consents(user_id)
        ]
        return cls(
            user=profile,
            last_activity=last,
            guardians=guardians,
            acceptances=[asdict(a) for a in uow.get(Acceptances).acceptances(user_id)],
            disclosures=disclosures_for(svc, uow, user_id),
            incident_notices=[asdict(n) for n in uow.get(Governance).notices.for_user(user_id)],
            tables=_table_rows(store, cipher, user_id, audit.user_tag(svc, user_id)),
        )


def _table_rows(
    store: DataRightsStore, cipher: FieldCipher, user_id: UserId, pseudonym: str
) -> dict[str, list[Row]]:
    """Each section read from its own table's rows (decrypted where the table encrypts)."""
    found: dict[str, list[Row]] = {}
    for table, section in SECTIONS:
        if section.id in _FROM_USE_CASES:
            continue
        owner = pseudonym if section.pseudonymous else user_id
        decrypt = _DECRYPTED.get(section.id)
        rows = store.rows(table, section, owner)
        found[section.id] = [r if decrypt is None else decrypt(cipher, r) for r in rows]
    return found


# Sections whose items a use case gives rather than their table's rows: the account and the
# guardian's consent (decrypted by the account's repository), the disclosures (only once a
# notice hold has ended) and incident notices (with the incident they tell of).
_FROM_USE_CASES: Mapping[str, Callable[[_Held], Sequence[Row]]] = {
    "account": lambda h: [h.user],
    "guardian_consent": lambda h: h.guardians,
    "policy_acceptances": lambda h: h.acceptances,
    "disclosures": lambda h: h.disclosures,
    "incident_notices": lambda h: h.incident_notices,
}

# The fields a section's table encrypts, decrypted with the names their use cases give them.
_DECRYPTED: Mapping[str, Callable[[FieldCipher, Row], Row]] = {
    "tasks": lambda c, r: {**r, "title": c.decrypt(tasks.TITLE, r["title_enc"])},
    "places": lambda c, r: {
        **r,
        "label": c.decrypt(places.LABEL, r["label_enc"]),
        "point": c.decrypt(places.POINT, r["point_enc"]),
    },
    "partner_records": lambda c, r: {
        **r,
        "value": c.decrypt(partners.value_field(r["category"]), r["value_enc"]),
    },
}


def _items(section: ExportSection, held: _Held) -> list[dict[str, Any]]:
    """The section's items, each holding the section's fields in its order."""
    source = _FROM_USE_CASES.get(section.id)
    rows = held.tables[section.id] if source is None else source(held)
    return [{name: row[name] for name in section.fields} for row in rows]


@dataclass(frozen=True)
class _Builder:
    policy: Policy
    locale: Locale
    granted: set[str]
    last_activity: datetime

    def section(self, spec: ExportSection, items: list[dict[str, Any]]) -> Section:
        categories = spec.categories or ()
        retention = self.policy.retention_for(categories[0], spec.purpose)
        until = None
        if retention is not None:
            if spec.starts_from is None:
                until = retention_end(retention, self.last_activity, self.last_activity)
            else:
                for item in items:
                    own = self._retention(spec, item) or retention
                    start = item[spec.starts_from]
                    item["retained_until"] = retention_end(own, start, start)
        return Section(
            id=spec.id,
            categories=categories,
            why=self._why(categories),
            retention_days=None if retention is None else retention.days,
            retention_starts=None if retention is None else retention.starts,
            retention_then=None if retention is None else retention.then,
            until=until,
            items=tuple(items),
        )

    def _retention(self, spec: ExportSection, item: Mapping[str, Any]) -> Retention | None:
        if spec.category_field is None:
            return None
        return self.policy.category(item[spec.category_field]).retention

    def _why(self, categories: tuple[str, ...]) -> tuple[Reason, ...]:
        reasons: dict[str, Reason] = {}
        for category in categories:
            for purpose in self.policy.purposes_using(category):
                if purpose.id in HANDLING or purpose.id in reasons:
                    continue
                consent_based = purpose.legal_basis in {"consent", "separate_consent"}
                if consent_based and purpose.id not in self.granted:
                    continue  # not held for a purpose the user never agreed to
                name = purpose.name.in_locale(self.locale)
                reasons[purpose.id] = Reason(purpose.id, name, purpose.legal_basis or "")
        return tuple(reasons.values())


@dataclass(frozen=True)
class Correction:
    locale: str | None = None
    time_zone: str | None = None

    def changes(self) -> dict[str, str]:
        values = {name: getattr(self, name) for name in CORRECTABLE}
        return {name: value for name, value in values.items() if value is not None}


def correct(svc: Services, user_id: UserId, correction: Correction, ctx: RequestContext) -> None:
    """Apply a correction, or refuse it whole (InvalidInput) and change nothing."""
    changes = _checked(correction)
    with svc.uow(CORRECT, subject=user_id) as uow:
        if uow.get(Accounts).get(user_id) is None:
            raise NotFound("account.not_found")
        uow.get(DataRightsStore).correct(user_id, changes)
        details = {"fields": ",".join(sorted(changes))}
        audit.record(uow, svc, _event(svc, user_id, ctx, "corrected", details))
        uow.commit()


def _checked(correction: Correction) -> dict[str, str]:
    changes = correction.changes()
    if not changes:
        raise InvalidInput("correction.nothing")
    if "locale" in changes and changes["locale"] not in LOCALES:
        raise InvalidInput("correction.locale", allowed=", ".join(LOCALES))
    if "time_zone" in changes:
        try:
            ZoneInfo(changes["time_zone"])
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise InvalidInput("time_zone.unknown") from exc
    return changes


def _event(
    svc: Services, user_id: UserId, ctx: RequestContext, verb: str, details: dict[str, str]
) -> AuditEvent:
    tag = audit.user_tag(svc, user_id)
    return AuditEvent(
        action=f"privacy:data:{verb}",
        actor=tag,
        subject=tag,
        client=audit.client_tag(svc, ctx),
        details={"channel": ctx.channel, **details},
    )
