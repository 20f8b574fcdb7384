"""The published policy as a view: every table and text of the privacy page, in one language.

Built from the policy data alone (and, for "what changed", the release's computed changes), so
the page, `jobexp policy render` and the tests all show what the code enforces. Pure: no web,
no database; the templates and the Markdown writer below only lay the view out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from jobexp.i18n import translate
from jobexp.policy.diff import Change
from jobexp.policy.model import Category, LocalizedText, Policy, Retention, UnknownId
from jobexp.types import Locale

__all__ = ["PolicyView", "build_view", "colon", "join_items", "period"]

UpdateKind = str  # "initial" | "minor" | "material", as a release records it
DAYS_PER_YEAR = 365
DAYS_PER_MONTH = 365.25 / 12
# Kinds whose `detail` names ids or periods worth showing; the others say it all by their kind.
DETAILED_KINDS = frozenset(
    {
        "region_changed",
        "cross_border_widened",
        "cross_border_narrowed",
        "legal_basis_strengthened",
        "legal_basis_weakened",
        "purpose_categories_added",
        "purpose_categories_removed",
        "recipient_categories_added",
        "recipient_categories_removed",
        "recipient_purposes_added",
        "recipient_purposes_removed",
        "recipient_kind_changed",
        "recipient_grant_extended",
        "recipient_grant_shortened",
        "permission_rebound",
        "permission_categories_added",
        "permission_categories_removed",
    }
)
SILENT_KINDS = frozenset({"release_notes_changed"})  # the notes themselves are shown


@dataclass(frozen=True)
class CategoryRow:
    id: str
    name: str
    description: str
    sensitive: bool
    on_device: bool
    where: str


@dataclass(frozen=True)
class PurposeRow:
    id: str
    name: str
    description: str
    legal_basis: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class RetentionRow:
    category_id: str
    category: str
    period: str
    starts: str
    then: str
    overrides: tuple[str, ...]


@dataclass(frozen=True)
class RecipientRow:
    id: str
    name: str
    kind: str
    purposes: tuple[str, ...]
    categories: tuple[str, ...]
    consent: str
    grant_ends: str


@dataclass(frozen=True)
class PermissionRow:
    id: str
    name: str
    purpose: str
    categories: tuple[str, ...]
    asked_when: str


@dataclass(frozen=True)
class ClauseView:
    id: str
    anchor: str
    title: str
    text: str


@dataclass(frozen=True)
class Part:
    """A numbered section of the policy and its clauses, in document order."""

    title: str
    clauses: tuple[ClauseView, ...]


@dataclass(frozen=True)
class ChangeRow:
    text: str
    material: bool


@dataclass(frozen=True)
class PolicyView:
    locale: Locale
    version_label: str
    version: str
    version_short: str
    published_on: date
    update_kind: UpdateKind
    update_summary: str
    affected: tuple[str, ...]
    notes: tuple[str, ...]
    changes: tuple[ChangeRow, ...]
    storage_region: str
    cross_border: str
    categories: tuple[CategoryRow, ...]
    purposes: tuple[PurposeRow, ...]
    retention: tuple[RetentionRow, ...]
    device_only_note: str
    recipients: tuple[RecipientRow, ...]
    permissions: tuple[PermissionRow, ...]
    parts: tuple[Part, ...]

    def label(self, key: str, **params: object) -> str:
        return translate(key, self.locale, **params)


def build_view(
    policy: Policy,
    locale: Locale,
    *,
    kind: UpdateKind = "initial",
    changes: Iterable[Change] = (),
    affected: Iterable[str] = (),
    previous: Policy | None = None,
) -> PolicyView:
    """The view of `policy` in `locale`; `kind`/`changes`/`affected` come from its release."""
    names = _Names(policy, previous, locale)
    region = _t("privacy.region." + policy.region.storage, locale, policy.region.storage)
    return PolicyView(
        locale=locale,
        version_label=policy.version_label,
        version=policy.version,
        version_short=policy.version[:12],
        published_on=policy.published,
        update_kind=kind,
        update_summary=translate(_summary_key(kind), locale),
        affected=tuple(names.purpose(p) for p in sorted(affected)),
        notes=tuple(note.in_locale(locale) for note in policy.changes),
        changes=tuple(_changes(changes, names, locale)),
        storage_region=f"{region} ({policy.region.storage})",
        cross_border=_cross_border(policy, region, names, locale),
        categories=tuple(_category(c, locale) for c in policy.categories),
        purposes=tuple(
            PurposeRow(
                id=p.id,
                name=p.name.in_locale(locale),
                description=p.description.in_locale(locale),
                legal_basis=translate(f"privacy.basis.{p.legal_basis or 'none'}", locale),
                categories=tuple(names.category(c) for c in p.categories),
            )
            for p in policy.purposes
        ),
        retention=tuple(
            _retention(c, names, locale) for c in policy.categories if c.retention is not None
        ),
        device_only_note=translate(
            "privacy.retention.device_note",
            locale,
            categories=join_items(
                (c.name.in_locale(locale) for c in policy.categories if c.processed_on == "device"),
                locale,
            ),
        ),
        recipients=tuple(
            RecipientRow(
                id=r.id,
                name=r.name.in_locale(locale),
                kind=translate(f"privacy.kind.{r.kind}", locale),
                purposes=tuple(names.purpose(p) for p in r.purposes),
                categories=tuple(names.category(c) for c in r.categories),
                consent=translate(_consent_key(r.requires_consent, r.kind), locale),
                grant_ends=(
                    r.grant_ends.isoformat()
                    if r.grant_ends
                    else translate("privacy.grant.none", locale)
                ),
            )
            for r in policy.recipients
        ),
        permissions=tuple(
            PermissionRow(
                id=p.id,
                name=p.name.in_locale(locale),
                purpose=names.purpose(p.purpose),
                categories=tuple(names.category(c) for c in p.categories),
                asked_when=p.asked_when.in_locale(locale),
            )
            for p in policy.permissions
        ),
        parts=_parts(policy, locale),
    )


def _t(key: str, locale: Locale, default: str) -> str:
    text = translate(key, locale)
    return default if text == key else text


def join_items(items: Iterable[str], locale: Locale) -> str:
    return ("、" if locale == "zh-CN" else ", ").join(items)


def _summary_key(kind: UpdateKind) -> str:
    return {"minor": "privacy.changes.minor", "material": "privacy.changes.material"}.get(
        kind, "privacy.changes.first"
    )


def _consent_key(requires_consent: bool, kind: str) -> str:
    if requires_consent:
        return "privacy.consent.required"
    return "privacy.consent.entrusted" if kind == "affiliate" else "privacy.consent.not_required"


class _Names:
    """Localized names for ids, looked up in the current policy, then in the previous one."""

    def __init__(self, policy: Policy, previous: Policy | None, locale: Locale) -> None:
        self._policies = (policy, previous) if previous is not None else (policy,)
        self._locale = locale

    def category(self, category_id: str) -> str:
        return self._name("category", category_id)

    def purpose(self, purpose_id: str) -> str:
        return self._name("purpose", purpose_id)

    def _name(self, kind: str, item_id: str) -> str:
        for policy in self._policies:
            try:
                item = getattr(policy, kind)(item_id)
            except UnknownId:
                continue
            text: LocalizedText = item.title if kind == "clause" else item.name
            return text.in_locale(self._locale)
        return item_id

    def subject(self, subject: str) -> str:
        """'category location_coarse for weather' -> 'Coarse location (Weather)'."""
        kind, _, rest = subject.partition(" ")
        item_id, _, purpose = rest.partition(" for ")
        if kind not in {"category", "purpose", "recipient", "permission", "clause"}:
            return ""
        name = self._name(kind, item_id)
        if kind == "clause":
            name = f"{translate('privacy.clause', self._locale, id=item_id)} {name}"
        return f"{name} ({self.purpose(purpose)})" if purpose else name


def _detail(change: Change, names: _Names, locale: Locale) -> str:
    """The change's specifics in the reader's language, from its ids where it has them."""
    kind, ids = change.kind, change.ids
    if not ids:
        return change.detail
    if kind.endswith(("_added", "_removed")):
        name = names.purpose if "_purposes_" in kind else names.category
        listed = join_items((name(i) for i in ids), locale)
        verb = "added" if kind.endswith("_added") else "removed"
        return translate(f"privacy.detail.{verb}", locale, items=listed)
    if kind.startswith("legal_basis_"):
        word = [_t(f"privacy.basis.{i}", locale, i) for i in ids]
    elif kind == "recipient_kind_changed":
        word = [_t(f"privacy.kind.{i}", locale, i) for i in ids]
    elif kind == "permission_rebound":
        word = [names.purpose(i) for i in ids]
    else:
        return change.detail
    return " → ".join(word)


def _changes(changes: Iterable[Change], names: _Names, locale: Locale) -> Iterator[ChangeRow]:
    for change in changes:
        if change.kind in SILENT_KINDS:
            continue
        what = _t(f"privacy.change.{change.kind}", locale, change.kind.replace("_", " "))
        parts = [what]
        subject = names.subject(change.subject)
        if subject:
            parts.append(subject)
        if change.kind in DETAILED_KINDS:
            parts.append(_detail(change, names, locale))
        text = parts[0] + (colon(locale) + " · ".join(parts[1:]) if len(parts) > 1 else "")
        yield ChangeRow(text=text, material=change.material)


def _cross_border(policy: Policy, region: str, names: _Names, locale: Locale) -> str:
    mechanisms = policy.region.cross_border_mechanisms
    purpose = policy.region.cross_border_purpose
    if not mechanisms or purpose is None:
        return translate("privacy.storage.none", locale, region=region)
    return translate(
        "privacy.storage.allowed",
        locale,
        region=region,
        purpose=names.purpose(purpose),
        mechanisms=join_items(
            (translate(f"privacy.mechanism.{m}", locale) for m in mechanisms), locale
        ),
    )


def _category(category: Category, locale: Locale) -> CategoryRow:
    on_device = category.processed_on == "device"
    return CategoryRow(
        id=category.id,
        name=category.name.in_locale(locale),
        description=category.description.in_locale(locale),
        sensitive=category.sensitive,
        on_device=on_device,
        where=translate(f"privacy.where.{category.processed_on}", locale),
    )


def period(days: int, locale: Locale) -> str:
    """1 day, 120 days, 6 months (183 days), 1 year, 3 years: exact, in words people use."""
    if days == 1:
        return translate("privacy.period.day", locale)
    if days % DAYS_PER_YEAR == 0:
        years = days // DAYS_PER_YEAR
        key = "privacy.period.year" if years == 1 else "privacy.period.years"
        return translate(key, locale, n=years)
    months = round(days / DAYS_PER_MONTH)
    if months and abs(days - months * DAYS_PER_MONTH) < 1:
        return translate("privacy.period.months", locale, n=months, days=days)
    return translate("privacy.period.days", locale, n=days)


def _retention(category: Category, names: _Names, locale: Locale) -> RetentionRow:
    assert category.retention is not None
    default = category.retention
    return RetentionRow(
        category_id=category.id,
        category=category.name.in_locale(locale),
        period=period(default.days, locale),
        starts=translate(f"privacy.starts.{default.starts}", locale),
        then=translate(f"privacy.then.{default.then}", locale),
        overrides=tuple(_override(r, names, locale) for r in category.retention_by_purpose),
    )


def _override(retention: Retention, names: _Names, locale: Locale) -> str:
    return translate(
        "privacy.retention.override",
        locale,
        purpose=names.purpose(retention.purpose or ""),
        period=period(retention.days, locale),
        starts=translate(f"privacy.starts.{retention.starts}", locale),
        then=translate(f"privacy.then.{retention.then}", locale),
    )


def part_of(clause_id: str) -> str:
    """The section a clause belongs to: 'P' for the preamble, else its leading number."""
    if clause_id.startswith("P"):
        return "P"
    digits = ""
    for char in clause_id:
        if not char.isdigit():
            break
        digits += char
    return digits


def _parts(policy: Policy, locale: Locale) -> tuple[Part, ...]:
    parts: dict[str, list[ClauseView]] = {}
    for clause in policy.clauses:
        parts.setdefault(part_of(clause.id), []).append(
            ClauseView(
                id=clause.id,
                anchor=f"clause-{clause.id}",
                title=clause.title.in_locale(locale),
                text=clause.text.in_locale(locale),
            )
        )
    return tuple(
        Part(title=translate(f"privacy.part.{key}", locale), clauses=tuple(views))
        for key, views in parts.items()
    )


def colon(locale: Locale) -> str:
    return "：" if locale == "zh-CN" else ": "
