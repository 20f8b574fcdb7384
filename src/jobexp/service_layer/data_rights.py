"""Seeing, downloading and correcting one's own data (D18; PIPL articles 44-46).

`export` gathers everything JobExp holds about the user, section by section, each with why it
is held (the purposes and their legal basis, from the policy) and until when (the end of its
retention period, computed from the policy and the user's last activity). `correct` changes
what a user may safely correct alone; both are audited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jobexp.adapters.data_rights_store import DataRightsStore
from jobexp.adapters.governance import Governance
from jobexp.adapters.governance_records import IncidentNotice
from jobexp.adapters.ledger import DisclosureLedger
from jobexp.adapters.repositories import Acceptances, Accounts, Consents
from jobexp.adapters.retention_store import AccountActivity
from jobexp.domain.audit import AuditEvent
from jobexp.domain.errors import InvalidInput, NotFound
from jobexp.domain.purposes import Access
from jobexp.domain.retention import retention_end
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
    sections = tuple(build.section(spec, held) for spec in SECTIONS)
    return Export(now, policy.version, held.user["time_zone"], sections)


@dataclass(frozen=True)
class _Spec:
    id: str
    categories: tuple[str, ...]
    rows: Callable[[_Held], Sequence[Mapping[str, Any]]]
    starts_from: str | None = None  # the item's own field the period runs from
    category_field: str | None = None  # the item's own field naming its category, if it varies
    purpose: str | None = None  # held for this purpose, whose period may differ (as the sweep's)


@dataclass(frozen=True)
class _Held:
    user: Mapping[str, Any]
    last_activity: datetime
    guardians: Sequence[Mapping[Any, Any]]
    acceptances: Sequence[Mapping[Any, Any]]
    consents: Sequence[Mapping[Any, Any]]
    consent_events: Sequence[Mapping[Any, Any]]
    devices: Sequence[Mapping[Any, Any]]
    sessions: Sequence[Mapping[Any, Any]]
    audit: Sequence[Mapping[Any, Any]]
    notices: Sequence[Mapping[Any, Any]]
    disclosures: Sequence[Mapping[Any, Any]]
    tasks: Sequence[Mapping[Any, Any]]
    places: Sequence[Mapping[Any, Any]]
    partner_records: Sequence[Mapping[Any, Any]]
    shares: Sequence[Mapping[Any, Any]]
    leak_reports: Sequence[Mapping[Any, Any]]
    incident_notices: list[IncidentNotice]

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
            consents=store.consent_state(user_id),
            consent_events=store.consent_events(user_id),
            devices=store.devices(user_id),
            sessions=store.sessions(user_id),
            audit=store.audit_about(audit.user_tag(svc, user_id)),
            notices=store.discontinuation_notices(user_id),
            disclosures=disclosures_for(svc, uow, user_id),
            tasks=[
                {**r, "title": cipher.decrypt(tasks.TITLE, r["title_enc"])}
                for r in store.tasks(user_id)
            ],
            places=[
                {
                    **r,
                    "label": cipher.decrypt(places.LABEL, r["label_enc"]),
                    "point": cipher.decrypt(places.POINT, r["point_enc"]),
                }
                for r in store.places(user_id)
            ],
            partner_records=[
                {**r, "value": cipher.decrypt(partners.value_field(r["category"]), r["value_enc"])}
                for r in store.partner_records(user_id)
            ],
            shares=store.shares(user_id),
            leak_reports=store.leak_reports(user_id),
            incident_notices=uow.get(Governance).notices.for_user(user_id),
        )


def _pick(*names: str) -> Callable[[Mapping[Any, Any]], dict[str, Any]]:
    return lambda row: {name: row[name] for name in names}


def _audit_item(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {
        "seq": row["seq"],
        "at": row["at"],
        "action": row["action"],
        "outcome": row["outcome"],
        "details": row["details"],
    }


def _notice_item(n: IncidentNotice) -> dict[str, Any]:
    return {
        "categories": n.categories,
        "cause": n.cause,
        "harm": n.harm,
        "remedies": n.remedies,
        "notified_at": n.notified_at,
    }


PARTNER_FIELDS = (
    "category", "value", "source", "consent_purpose", "consent_reference", "consented_at",
    "imported_at",
)  # fmt: skip

SECTIONS: tuple[_Spec, ...] = (
    _Spec("account", ("account_identifier", "birth_date", "password_hash"), lambda h: [h.user]),
    _Spec("guardian_consent", ("guardian_consent",), lambda h: h.guardians),
    _Spec(
        "policy_acceptances",
        ("consent_records",),
        lambda h: [
            _pick("document", "version", "channel", "accepted_at")(r) for r in h.acceptances
        ],
    ),
    _Spec(
        "consents",
        ("consent_records",),
        lambda h: [
            _pick("purpose", "recipient", "decision", "policy_version", "at")(r) for r in h.consents
        ],
    ),
    _Spec(
        "consent_history",
        ("consent_records",),
        lambda h: [
            _pick("purpose", "recipient", "decision", "policy_version", "channel", "at")(r)
            for r in h.consent_events
        ],
    ),
    _Spec(
        "devices",
        ("device_identifier", "network_code", "country_code"),
        lambda h: [
            _pick("device_id", "network_code", "country_code", "registered_at", "last_login_at")(r)
            for r in h.devices
        ],
        starts_from="last_login_at",
    ),
    _Spec(
        "sessions",
        ("session_records",),
        lambda h: [
            _pick("kind", "created_at", "last_seen_at", "absolute_expires_at", "ended_at")(r)
            for r in h.sessions
        ],
        starts_from="created_at",
    ),
    _Spec(
        "notices",
        ("consent_records",),
        lambda h: [_pick("notified_at", "seen_at")(r) for r in h.notices],
    ),
    _Spec("security_log", ("audit_log",), lambda h: [_audit_item(r) for r in h.audit], "at"),
    _Spec("disclosures", ("disclosure_records",), lambda h: h.disclosures, "at"),
    _Spec(
        "tasks",
        ("location_coarse",),
        lambda h: [_pick("title", "due_at", "created_at", "completed_at")(r) for r in h.tasks],
        purpose="task_appointments",
    ),
    _Spec(
        "places",
        ("location_precise",),
        lambda h: [_pick("kind", "label", "point", "created_at")(r) for r in h.places],
        purpose="task_appointments",
    ),
    _Spec(
        "partner_records",
        (
            "personalization_profile",
            "location_coarse",
            "voice_recognition_results",
            "account_identifier",
        ),
        lambda h: [_pick(*PARTNER_FIELDS)(r) for r in h.partner_records],
        starts_from="imported_at",
        category_field="category",
    ),
    _Spec(
        "shares",
        ("disclosure_records",),
        lambda h: [
            _pick("recipient", "purpose", "categories", "status", "queued_at", "settled_at")(r)
            for r in h.shares
        ],
        starts_from="queued_at",
    ),
    _Spec(
        "leak_reports",
        ("disclosure_records",),
        lambda h: [_pick("description", "status", "reported_at")(r) for r in h.leak_reports],
        starts_from="reported_at",
    ),
    _Spec(
        "incident_notices",
        ("disclosure_records",),
        lambda h: [_notice_item(r) for r in h.incident_notices],
        starts_from="notified_at",
    ),
)


@dataclass(frozen=True)
class _Builder:
    policy: Policy
    locale: Locale
    granted: set[str]
    last_activity: datetime

    def section(self, spec: _Spec, held: _Held) -> Section:
        retention = self.policy.retention_for(spec.categories[0], spec.purpose)
        items = [dict(item) for item in spec.rows(held)]
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
            categories=spec.categories,
            why=self._why(spec.categories),
            retention_days=None if retention is None else retention.days,
            retention_starts=None if retention is None else retention.starts,
            retention_then=None if retention is None else retention.then,
            until=until,
            items=tuple(items),
        )

    def _retention(self, spec: _Spec, item: Mapping[str, Any]) -> Retention | None:
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
