"""Loading and validating the policy file and the service agreement shipped with the package.

Structural problems (bad YAML, unknown or missing keys, wrong types, dangling references,
duplicate ids, missing clauses) raise `PolicyError` and the service refuses to start. Gaps and
contradictions in a well-formed policy are the linter's business, not the loader's.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from jobexp.policy._reader import Node, PolicyError, fail
from jobexp.policy.model import (
    CLAUSE_IDS,
    DECISION_IDS,
    END_OF_RETENTION,
    LEGAL_BASES,
    PROCESSED_ON,
    RECIPIENT_KINDS,
    RETENTION_STARTS,
    TRANSFER_MECHANISMS,
    Category,
    Clause,
    LocalizedText,
    Permission,
    Policy,
    Purpose,
    Recipient,
    Region,
    Retention,
    Updates,
)
from jobexp.types import LOCALES, Locale

__all__ = ["PolicyError", "load_policy", "load_service_agreement", "service_agreement_version"]

PACKAGE = "jobexp.policy"
PACKAGED_POLICY = "policy.yaml"
REGION_CODE = re.compile(r"[A-Z]{2}")  # ISO 3166-1 alpha-2
DOTTED_NAME = re.compile(r"jobexp(\.[A-Za-z_][A-Za-z0-9_]*)+")
TOP_KEYS = ("version_label", "published", "changes", "region", "updates")
SECTIONS = ("categories", "purposes", "recipients", "permissions", "clauses")


if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:  # libyaml's parser when PyYAML was built with it: the policy is parsed at every start
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):
    """SafeLoader (libyaml's when built) that refuses a key repeated in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r}",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_policy(path: Path | None = None) -> Policy:
    """Read and validate a policy file; by default the one shipped with the package."""
    if path is None:
        return parse_policy(*packaged_policy_text())
    return parse_policy(path.read_text(encoding="utf-8"), path.name)


def policy_text(path: Path | None) -> tuple[str, str]:
    """The text of a policy file (the packaged one if None) and the name to report it by."""
    if path is None:
        return packaged_policy_text()
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot be read: {exc}") from exc


def packaged_policy_text() -> tuple[str, str]:
    """The text of the policy shipped with the package, and the name to report it by."""
    source = resources.files(PACKAGE).joinpath(PACKAGED_POLICY)
    return source.read_text(encoding="utf-8"), PACKAGED_POLICY


def parse_policy(text: str, file: str) -> Policy:
    """Build a Policy from YAML text; `file` names the source in error messages."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        fail(file, where, f"not valid YAML: {getattr(exc, 'problem', None) or exc}")
    root = Node.of(data, file, "", required=(*TOP_KEYS, *SECTIONS))
    policy = Policy(
        version_label=root.string("version_label"),
        published=root.day("published"),
        changes=_changes(root),
        region=_region(root.child("region", ("storage",), ("cross_border",))),
        updates=_updates(root),
        categories=tuple(_category(n) for n in root.items("categories", *CATEGORY_KEYS)),
        purposes=tuple(_purpose(n) for n in root.items("purposes", *PURPOSE_KEYS)),
        recipients=tuple(_recipient(n) for n in root.items("recipients", *RECIPIENT_KEYS)),
        permissions=tuple(_permission(n) for n in root.items("permissions", *PERMISSION_KEYS)),
        clauses=_clauses(root),
    )
    _check_references(policy, file)
    return policy


def _updates(root: Node) -> Updates:
    node = root.child("updates", ("material_requires_reconsent",))
    return Updates(material_requires_reconsent=node.flag("material_requires_reconsent"))


def _changes(root: Node) -> tuple[LocalizedText, ...]:
    value = root.data.get("changes")
    if not isinstance(value, list):
        root.fail_at("changes", "expected a list of notes in en and zh-CN")
    holder = Node(root.file, "", {f"changes[{i}]": note for i, note in enumerate(value)})
    return tuple(holder.localized(key) for key in holder.data)


def _region(node: Node) -> Region:
    storage = node.string("storage")
    if not REGION_CODE.fullmatch(storage):
        node.fail_at("storage", f"{storage!r} is not a two-letter region code like CN")
    raw_transfer = node.data.get("cross_border", {})
    place = node.where("cross_border")
    transfer = Node.of(raw_transfer, node.file, place, (), ("mechanisms", "purpose"))
    mechanisms = transfer.strings("mechanisms")
    for index, mechanism in enumerate(mechanisms):
        if mechanism not in TRANSFER_MECHANISMS:
            options = ", ".join(TRANSFER_MECHANISMS)
            transfer.fail_at(f"mechanisms[{index}]", f"{mechanism!r} is not one of {options}")
    return Region(
        storage=storage,
        cross_border_mechanisms=mechanisms,  # type: ignore[arg-type]  # checked just above
        cross_border_purpose=transfer.opt_string("purpose"),
    )


CATEGORY_KEYS = (
    ("id", "name", "description", "sensitive", "processed_on"),
    ("linked_to_account", "retention", "retention_by_purpose"),
)
RETENTION_KEYS = (("days",), ("then", "starts"))


def _category(node: Node) -> Category:
    by_purpose = tuple(
        _retention(
            Node.of(raw, node.file, node.where(f"retention_by_purpose.{pid}"), *RETENTION_KEYS), pid
        )
        for pid, raw in node.entries("retention_by_purpose")
    )
    retention = None
    if node.data.get("retention") is not None:
        retention = _retention(node.child("retention", *RETENTION_KEYS), None)
    return Category(
        id=node.string("id"),
        name=node.localized("name"),
        description=node.localized("description"),
        sensitive=node.flag("sensitive"),
        processed_on=node.choice("processed_on", PROCESSED_ON),  # type: ignore[arg-type]
        linked_to_account=node.flag("linked_to_account", default=True),
        retention=retention,
        retention_by_purpose=by_purpose,
    )


def _retention(node: Node, purpose: str | None) -> Retention:
    return Retention(
        days=node.positive_int("days"),
        then=node.choice("then", END_OF_RETENTION, default="delete"),  # type: ignore[arg-type]
        starts=node.choice("starts", RETENTION_STARTS, default="collection"),  # type: ignore[arg-type]
        purpose=purpose,
    )


PURPOSE_KEYS = (("id", "name", "description", "categories"), ("legal_basis",))


def _purpose(node: Node) -> Purpose:
    basis = None
    if node.data.get("legal_basis") is not None:
        basis = node.choice("legal_basis", LEGAL_BASES)
    return Purpose(
        id=node.string("id"),
        name=node.localized("name"),
        description=node.localized("description"),
        legal_basis=basis,  # type: ignore[arg-type]  # one of LEGAL_BASES
        categories=node.strings("categories"),
    )


RECIPIENT_KEYS = (
    ("id", "name", "kind", "purposes", "categories", "requires_consent"),
    ("grant_ends",),
)


def _recipient(node: Node) -> Recipient:
    return Recipient(
        id=node.string("id"),
        name=node.localized("name"),
        kind=node.choice("kind", RECIPIENT_KINDS),  # type: ignore[arg-type]
        purposes=node.strings("purposes"),
        categories=node.strings("categories"),
        requires_consent=node.flag("requires_consent"),
        grant_ends=node.opt_day("grant_ends"),
    )


PERMISSION_KEYS = (("id", "name", "purpose", "categories", "asked_when"), ())


def _permission(node: Node) -> Permission:
    purpose = node.data.get("purpose")
    if isinstance(purpose, list):
        node.fail_at("purpose", f"a permission is bound to exactly one purpose, got {len(purpose)}")
    return Permission(
        id=node.string("id"),
        name=node.localized("name"),
        purpose=node.string("purpose"),
        categories=node.strings("categories"),
        asked_when=node.localized("asked_when"),
    )


CLAUSE_KEYS = (("title", "original", "text", "decisions", "enforced_by"), ())


def _clauses(root: Node) -> tuple[Clause, ...]:
    found = {
        cid: Node.of(raw, root.file, f"clauses.{cid}", *CLAUSE_KEYS)
        for cid, raw in root.entries("clauses")
    }
    for clause_id in found:
        if clause_id not in CLAUSE_IDS:
            root.fail_at("clauses", f"unknown clause id '{clause_id}'")
    missing = [cid for cid in CLAUSE_IDS if cid not in found]
    if missing:
        root.fail_at("clauses", f"missing clause ids: {', '.join(missing)}")
    return tuple(_clause(cid, found[cid]) for cid in CLAUSE_IDS)


def _clause(clause_id: str, node: Node) -> Clause:
    return Clause(
        id=clause_id,
        title=node.localized("title"),
        original=node.string("original"),
        text=node.localized("text"),
        decisions=node.strings("decisions"),
        enforced_by=node.strings("enforced_by"),
    )


def _check_references(policy: Policy, file: str) -> None:
    categories = {c.id for c in policy.categories}
    purposes = {p.id for p in policy.purposes}
    for i, category in enumerate(policy.categories):
        for retention in category.retention_by_purpose:
            place = f"categories[{i}] ({category.id}).retention_by_purpose.{retention.purpose}"
            _known(file, place, retention.purpose, purposes, "purpose")
    for i, purpose in enumerate(policy.purposes):
        _all_known(
            file,
            f"purposes[{i}] ({purpose.id}).categories",
            purpose.categories,
            categories,
            "category",
        )
    for i, recipient in enumerate(policy.recipients):
        place = f"recipients[{i}] ({recipient.id})"
        _all_known(file, f"{place}.purposes", recipient.purposes, purposes, "purpose")
        _all_known(file, f"{place}.categories", recipient.categories, categories, "category")
    for i, permission in enumerate(policy.permissions):
        place = f"permissions[{i}] ({permission.id})"
        _known(file, f"{place}.purpose", permission.purpose, purposes, "purpose")
        _all_known(file, f"{place}.categories", permission.categories, categories, "category")
    if policy.region.cross_border_purpose is not None:
        place = "region.cross_border.purpose"
        _known(file, place, policy.region.cross_border_purpose, purposes, "purpose")
    for clause in policy.clauses:
        _check_clause_refs(file, clause)


def _check_clause_refs(file: str, clause: Clause) -> None:
    place = f"clauses.{clause.id}"
    _all_known(file, f"{place}.decisions", clause.decisions, DECISION_IDS, "decision")
    for index, reference in enumerate(clause.enforced_by):
        if not DOTTED_NAME.fullmatch(reference):
            problem = f"{reference!r} is not a dotted name inside jobexp (like jobexp.domain.age)"
            fail(file, f"{place}.enforced_by[{index}]", problem)


def _all_known(
    file: str, place: str, ids: tuple[str, ...], known: Container[str], kind: str
) -> None:
    for index, item in enumerate(ids):
        _known(file, f"{place}[{index}]", item, known, kind)
        if item in ids[:index]:
            fail(file, f"{place}[{index}]", f"'{item}' is listed twice")


def _known(file: str, place: str, item: str | None, known: Container[str], kind: str) -> None:
    if item not in known:
        fail(file, place, f"unknown {kind} '{item}'")


def load_service_agreement(locale: Locale) -> str:
    """The service agreement in one of the published languages."""
    if locale not in LOCALES:
        raise PolicyError(f"no service agreement in {locale!r}; published in {', '.join(LOCALES)}")
    return _agreement_file(locale).read_text(encoding="utf-8")


def service_agreement_version() -> str:
    """sha256 over every language of the agreement: editing any of them changes it."""
    digest = hashlib.sha256()
    for locale in LOCALES:
        body = _agreement_file(locale).read_bytes()
        digest.update(f"{locale}:{len(body)}:".encode())
        digest.update(body)
    return digest.hexdigest()


def _agreement_file(locale: Locale) -> Traversable:
    return resources.files(PACKAGE).joinpath(f"service-agreement.{locale}.md")
