"""Loading and validating the policy file and the service agreement shipped with the package.

Structural problems (bad YAML, unknown or missing keys, wrong types, dangling references,
duplicate ids, missing clauses) raise `PolicyError` and the service refuses to start. Gaps and
contradictions in a well-formed policy are the linter's business, not the loader's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Container
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from jobexp.policy._reader import PolicyError, fail, report
from jobexp.policy.ids import ClauseId
from jobexp.policy.model import DECISION_IDS, Clause, Policy
from jobexp.policy.schema import PolicyFile
from jobexp.types import LOCALES, Locale

__all__ = ["PolicyError", "load_policy", "load_service_agreement", "service_agreement_version"]

PACKAGE = "jobexp.policy"
PACKAGED_POLICY = "policy.yaml"
DOTTED_NAME = re.compile(r"jobexp(\.[A-Za-z_][A-Za-z0-9_]*)+")
# The clauses the code names (and conformance tests prove): a policy must declare each.
KNOWN_CLAUSES: tuple[str, ...] = tuple(ClauseId)


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
    try:
        policy = PolicyFile.model_validate(data).build()
    except ValidationError as exc:
        report(exc, file, data)
    _check_ids(policy, file)
    policy = _in_document_order(policy, file)
    _check_references(policy, file)
    return policy


def _check_ids(policy: Policy, file: str) -> None:
    """Ids are unique in their section."""
    for section in ("categories", "purposes", "recipients", "permissions"):
        seen: dict[str, str] = {}
        for index, item in enumerate(getattr(policy, section)):
            place = f"{section}[{index}] ({item.id})"
            if item.id in seen:
                fail(file, f"{place}.id", f"duplicate id '{item.id}' (also {seen[item.id]})")
            seen[item.id] = place


def _in_document_order(policy: Policy, file: str) -> Policy:
    """The clauses are exactly those the code names, in document order.

    Whatever the order of the file's keys: reordering them must not change the version.
    """
    for clause_id in policy.clause_ids:
        if clause_id not in KNOWN_CLAUSES:
            fail(file, "clauses", f"unknown clause id '{clause_id}'")
    missing = [cid for cid in KNOWN_CLAUSES if cid not in policy.clause_ids]
    if missing:
        fail(file, "clauses", f"missing clause ids: {', '.join(missing)}")
    return dataclasses.replace(policy, clauses=tuple(map(policy.clause, KNOWN_CLAUSES)))


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
