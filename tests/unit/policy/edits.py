"""Building variants of a policy for tests: one item replaced, everything else unchanged."""

from __future__ import annotations

import dataclasses
from typing import Any

from jobexp.policy import Category, Clause, LocalizedText, Permission, Policy, Purpose, Recipient


def with_category(policy: Policy, category_id: str, **changes: Any) -> Policy:
    edited = dataclasses.replace(policy.category(category_id), **changes)
    return _swap(policy, "categories", edited)


def with_purpose(policy: Policy, purpose_id: str, **changes: Any) -> Policy:
    return _swap(policy, "purposes", dataclasses.replace(policy.purpose(purpose_id), **changes))


def with_recipient(policy: Policy, recipient_id: str, **changes: Any) -> Policy:
    edited = dataclasses.replace(policy.recipient(recipient_id), **changes)
    return _swap(policy, "recipients", edited)


def with_permission(policy: Policy, permission_id: str, **changes: Any) -> Policy:
    edited = dataclasses.replace(policy.permission(permission_id), **changes)
    return _swap(policy, "permissions", edited)


def with_clause(policy: Policy, clause_id: str, **changes: Any) -> Policy:
    return _swap(policy, "clauses", dataclasses.replace(policy.clause(clause_id), **changes))


def with_text(policy: Policy, clause_id: str, en: str, zh_cn: str = "文字。") -> Policy:
    return with_clause(policy, clause_id, text=LocalizedText(en=en, zh_CN=zh_cn))


def adding(
    policy: Policy, section: str, item: Category | Purpose | Recipient | Permission
) -> Policy:
    return _replaced(policy, section, (*getattr(policy, section), item))


def without(policy: Policy, section: str, item_id: str) -> Policy:
    kept = tuple(item for item in getattr(policy, section) if item.id != item_id)
    return _replaced(policy, section, kept)


def _swap(
    policy: Policy, section: str, edited: Category | Purpose | Recipient | Permission | Clause
) -> Policy:
    items = tuple(edited if item.id == edited.id else item for item in getattr(policy, section))
    return _replaced(policy, section, items)


def _replaced(policy: Policy, section: str, items: tuple[Any, ...]) -> Policy:
    changes: dict[str, Any] = {section: items}
    return dataclasses.replace(policy, **changes)
