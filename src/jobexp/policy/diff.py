"""What changed between two policy versions, and whether users must accept it again.

Whether an update is minor or material is computed from the content, never declared by whoever
edits the file (decision D1). A material change stops only the processing it affects, for each
user, until that user accepts; `affected_purposes` says which processing that is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

from jobexp.policy.model import (
    Category,
    Clause,
    Permission,
    Policy,
    Purpose,
    Recipient,
    Retention,
    user_control,
)

Severity = Literal["none", "minor", "material"]

# The kinds of change that need every affected user's explicit acceptance (D1, PIPL 14(2)).
MATERIAL_KINDS = frozenset(
    {
        "region_changed",
        "cross_border_widened",
        "reconsent_dropped",
        "category_added",
        "category_no_longer_sensitive",
        "category_leaves_device",
        "category_linked_to_account",
        "retention_longer",
        "purpose_added",
        "purpose_categories_added",
        "legal_basis_weakened",
        "recipient_added",
        "recipient_categories_added",
        "recipient_purposes_added",
        "recipient_consent_dropped",
        "recipient_kind_changed",
        "recipient_grant_extended",
        "permission_added",
        "permission_rebound",
        "permission_categories_added",
    }
)


@dataclass(frozen=True)
class Change:
    """One difference: its kind, what it is about, and the processing it touches."""

    kind: str
    subject: str
    detail: str
    purposes: tuple[str, ...] = ()
    # The ids the change is about (members added or removed, or the old and new value), so
    # a page can name them in the reader's language; `detail` is the same for engineers.
    ids: tuple[str, ...] = ()

    @property
    def material(self) -> bool:
        return self.kind in MATERIAL_KINDS


@dataclass(frozen=True)
class PolicyDiff:
    old_version: str
    new_version: str
    changes: tuple[Change, ...]

    def kinds(self) -> set[str]:
        return {change.kind for change in self.changes}


def diff(old: Policy, new: Policy) -> PolicyDiff:
    """Every difference between two policies, in a stable order."""
    changes = [
        *_release(old, new),
        *_region(old, new),
        *_sections(old.categories, new.categories, lambda a, b: _category(a, b, new)),
        *_sections(old.purposes, new.purposes, _purpose),
        *_sections(old.recipients, new.recipients, _recipient),
        *_sections(old.permissions, new.permissions, _permission),
        *_sections(old.clauses, new.clauses, _clause),
        *_retention(old, new),
        *_added(old, new),
    ]
    return PolicyDiff(old.version, new.version, tuple(changes))


def classify(policy_diff: PolicyDiff) -> Severity:
    """'material' if any change needs re-acceptance, 'minor' if any change at all, else 'none'."""
    if any(change.material for change in policy_diff.changes):
        return "material"
    return "minor" if policy_diff.changes else "none"


def affected_purposes(policy_diff: PolicyDiff) -> frozenset[str]:
    """The purposes that must stop for a user until that user accepts the new version."""
    return frozenset(
        p for change in policy_diff.changes if change.material for p in change.purposes
    )


_T = TypeVar("_T", Category, Purpose, Recipient, Permission, Clause)


def _sections(
    old: Sequence[_T], new: Sequence[_T], compare: Callable[[_T, _T], Iterator[Change]]
) -> Iterator[Change]:
    """Removals and in-place changes; additions are reported by `_added` with their context."""
    new_by_id = {item.id: item for item in new}
    for item in old:
        kind = type(item).__name__.lower()
        if item.id not in new_by_id:
            yield Change(f"{kind}_removed", f"{kind} {item.id}", "no longer in the policy")
        else:
            yield from compare(item, new_by_id[item.id])


def _added(old: Policy, new: Policy) -> Iterator[Change]:
    before = {c.id for c in old.categories}
    for category in new.categories:
        if category.id not in before:
            users = tuple(p.id for p in new.purposes_using(category.id))
            yield Change("category_added", f"category {category.id}", "new data category", users)
    before = {p.id for p in old.purposes}
    for purpose in new.purposes:
        if purpose.id not in before:
            yield Change("purpose_added", f"purpose {purpose.id}", "new purpose", (purpose.id,))
    before = {r.id for r in old.recipients}
    for recipient in new.recipients:
        if recipient.id not in before:
            detail = f"new recipient of {', '.join(recipient.categories) or 'nothing'}"
            yield Change("recipient_added", f"recipient {recipient.id}", detail, recipient.purposes)
    before = {p.id for p in old.permissions}
    for permission in new.permissions:
        if permission.id not in before:
            subject = f"permission {permission.id}"
            yield Change("permission_added", subject, "new permission", (permission.purpose,))


def _release(old: Policy, new: Policy) -> Iterator[Change]:
    if (old.version_label, old.published, old.changes) != (
        new.version_label,
        new.published,
        new.changes,
    ):
        yield Change(
            "release_notes_changed", "release", f"{old.version_label} -> {new.version_label}"
        )


def _region(old: Policy, new: Policy) -> Iterator[Change]:
    server_purposes = tuple(
        p.id for p in new.purposes if any(c.processed_on == "server" for c in _categories(new, p))
    )
    if old.region.storage != new.region.storage:
        detail = f"{old.region.storage} -> {new.region.storage}"
        yield Change("region_changed", "region", detail, server_purposes)
    gained = set(new.region.cross_border_mechanisms) - set(old.region.cross_border_mechanisms)
    lost = set(old.region.cross_border_mechanisms) - set(new.region.cross_border_mechanisms)
    moved = old.region.cross_border_purpose != new.region.cross_border_purpose
    if gained or moved:
        target = new.region.cross_border_purpose
        touched = (target,) if target is not None else server_purposes
        yield Change(
            "cross_border_widened", "region", f"mechanisms added: {sorted(gained)}", touched
        )
    elif lost:
        yield Change("cross_border_narrowed", "region", f"mechanisms removed: {sorted(lost)}")
    if old.updates.material_requires_reconsent and not new.updates.material_requires_reconsent:
        every = tuple(p.id for p in new.purposes)
        yield Change("reconsent_dropped", "updates", "material changes no longer re-asked", every)
    elif new.updates.material_requires_reconsent and not old.updates.material_requires_reconsent:
        yield Change("reconsent_added", "updates", "material changes now need re-consent")


def _categories(policy: Policy, purpose: Purpose) -> list[Category]:
    return [c for c in policy.categories if c.id in purpose.categories]


def _category(old: Category, new: Category, policy: Policy) -> Iterator[Change]:
    subject = f"category {new.id}"
    users = tuple(p.id for p in policy.purposes_using(new.id))
    yield from _flag(
        subject,
        (old.sensitive, new.sensitive),
        ("category_now_sensitive", "category_no_longer_sensitive"),
        users,
    )
    yield from _flag(
        subject,
        (old.processed_on == "device", new.processed_on == "device"),
        ("category_kept_on_device", "category_leaves_device"),
        users,
    )
    yield from _flag(
        subject,
        (not old.linked_to_account, not new.linked_to_account),
        ("category_unlinked_from_account", "category_linked_to_account"),
        users,
    )
    yield from _wording(subject, (old.name, old.description), (new.name, new.description))


def _flag(
    subject: str, values: tuple[bool, bool], kinds: tuple[str, str], purposes: tuple[str, ...]
) -> Iterator[Change]:
    """A protective property turned on (minor) or off (material, touching `purposes`)."""
    (was, now), (gained, lost) = values, kinds
    if now and not was:
        yield Change(gained, subject, "protection added")
    elif was and not now:
        yield Change(lost, subject, "protection removed", purposes)


def _wording(subject: str, old: object, new: object) -> Iterator[Change]:
    if old != new:
        yield Change("wording_changed", subject, "names or descriptions reworded")


def _purpose(old: Purpose, new: Purpose) -> Iterator[Change]:
    subject, touched = f"purpose {new.id}", (new.id,)
    if old.legal_basis != new.legal_basis:
        detail = f"{old.legal_basis} -> {new.legal_basis}"
        # Any move that does not give the user more control counts as weakening.
        stronger = user_control(new.legal_basis) > user_control(old.legal_basis)
        kind = "legal_basis_strengthened" if stronger else "legal_basis_weakened"
        yield Change(kind, subject, detail, touched, _pair(old.legal_basis, new.legal_basis))
    yield from _members(subject, "purpose_categories", old.categories, new.categories, touched)
    yield from _wording(subject, (old.name, old.description), (new.name, new.description))


def _members(
    subject: str, kind: str, old: Sequence[str], new: Sequence[str], touched: tuple[str, ...]
) -> Iterator[Change]:
    gained, lost = sorted(set(new) - set(old)), sorted(set(old) - set(new))
    if gained:
        yield Change(
            f"{kind}_added", subject, f"added: {', '.join(gained)}", touched, tuple(gained)
        )
    if lost:
        yield Change(f"{kind}_removed", subject, f"removed: {', '.join(lost)}", (), tuple(lost))


def _pair(old: str | None, new: str | None) -> tuple[str, str]:
    return old or "", new or ""


def _recipient(old: Recipient, new: Recipient) -> Iterator[Change]:
    subject, touched = f"recipient {new.id}", new.purposes
    yield from _members(subject, "recipient_categories", old.categories, new.categories, touched)
    yield from _members(subject, "recipient_purposes", old.purposes, new.purposes, touched)
    yield from _flag(
        subject,
        (old.requires_consent, new.requires_consent),
        ("recipient_consent_added", "recipient_consent_dropped"),
        touched,
    )
    if old.kind != new.kind:
        detail, ids = f"{old.kind} -> {new.kind}", _pair(old.kind, new.kind)
        yield Change("recipient_kind_changed", subject, detail, touched, ids)
    if _later(new.grant_ends, old.grant_ends):
        yield Change(
            "recipient_grant_extended", subject, f"ends {new.grant_ends or 'never'}", touched
        )
    elif old.grant_ends != new.grant_ends:
        yield Change("recipient_grant_shortened", subject, f"ends {new.grant_ends}")
    yield from _wording(subject, old.name, new.name)


def _later(new: date | None, old: date | None) -> bool:
    """Whether a grant now ends later than before (no end date is the latest of all)."""
    if old is None:
        return False
    return new is None or new > old


def _permission(old: Permission, new: Permission) -> Iterator[Change]:
    subject, touched = f"permission {new.id}", (new.purpose,)
    if old.purpose != new.purpose:
        detail, ids = f"{old.purpose} -> {new.purpose}", _pair(old.purpose, new.purpose)
        yield Change("permission_rebound", subject, detail, touched, ids)
    yield from _members(subject, "permission_categories", old.categories, new.categories, touched)
    yield from _wording(subject, (old.name, old.asked_when), (new.name, new.asked_when))


def _clause(old: Clause, new: Clause) -> Iterator[Change]:
    subject = f"clause {new.id}"
    if (old.title, old.text, old.original) != (new.title, new.text, new.original):
        yield Change("clause_text_changed", subject, "published wording changed")
    if (old.decisions, old.enforced_by) != (new.decisions, new.enforced_by):
        yield Change("clause_enforcement_changed", subject, "decisions or enforcing code changed")


def _retention(old: Policy, new: Policy) -> Iterator[Change]:
    before = {c.id: c for c in old.categories}
    for category in new.categories:
        if category.id in before:
            yield from _category_retention(before[category.id], category, new)


def _category_retention(old: Category, new: Category, policy: Policy) -> Iterator[Change]:
    keys = [
        None,
        *sorted(
            {r.purpose for r in (*old.retention_by_purpose, *new.retention_by_purpose) if r.purpose}
        ),
    ]
    for key in keys:
        was, now = _effective(old, key), _effective(new, key)
        if was == now:
            continue
        users = (key,) if key else tuple(p.id for p in policy.purposes_using(new.id))
        where = f"category {new.id}" + (f" for {key}" if key else "")
        yield Change(_retention_kind(was, now), where, f"{_show(was)} -> {_show(now)}", users)


def _effective(category: Category, purpose: str | None) -> Retention | None:
    found = [r for r in category.retention_by_purpose if r.purpose == purpose]
    return found[0] if found else category.retention


def _retention_kind(was: Retention | None, now: Retention | None) -> str:
    if now is None:
        return "retention_longer"  # no period at all: kept indefinitely
    if was is None:
        return "retention_shorter"
    if now.days > was.days or (now.starts == "last_activity" and was.starts == "collection"):
        return "retention_longer"
    if now.days < was.days or now.starts != was.starts:
        return "retention_shorter"
    return "retention_end_changed"


def _show(retention: Retention | None) -> str:
    if retention is None:
        return "no period"
    return f"{retention.days} days from {retention.starts}, then {retention.then}"
