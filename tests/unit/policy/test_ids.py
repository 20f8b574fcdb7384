"""The ids code names match the policy: naming one it lacks fails here, not in production."""

from __future__ import annotations

import ast
from enum import StrEnum
from pathlib import Path
from typing import get_args

import pytest

from jobexp.domain import disclosure_requests
from jobexp.policy import Policy
from jobexp.policy.ids import CategoryId, ClauseId, PurposeId, RecipientId

SOURCE = Path(__file__).resolve().parents[3] / "src" / "jobexp"
# Access(purpose, categories, action, recipient): the arguments that name policy ids.
ID_ARGUMENTS = (0, 1, 3)


def _ids(policy: Policy, section: str) -> list[str]:
    items: tuple[object, ...] = getattr(policy, section)
    return [str(getattr(item, "id")) for item in items]  # noqa: B009 - every section has ids


@pytest.mark.parametrize(
    ("constants", "section"),
    [
        (PurposeId, "purposes"),
        (CategoryId, "categories"),
        (RecipientId, "recipients"),
        (ClauseId, "clauses"),
    ],
)
def test_each_constant_names_an_id_of_the_policy_and_each_id_has_one(
    shipped: Policy, constants: type[StrEnum], section: str
) -> None:
    assert [member.value for member in constants] == _ids(shipped, section)


def test_clause_ids_are_read_from_the_policy_in_document_order(shipped: Policy) -> None:
    assert shipped.clause_ids == tuple(ClauseId)


def test_disclosure_bases_are_clauses_of_the_policy(shipped: Policy) -> None:
    bases = {
        *get_args(disclosure_requests.Basis),
        *disclosure_requests.TO_DECLARED_RECIPIENT,
        *disclosure_requests.NOTICE_HOLD_BASES,
    }
    assert bases <= set(shipped.clause_ids)


def _literal_ids(node: ast.Call) -> list[str]:
    named = [node.args[i] for i in ID_ARGUMENTS if i < len(node.args)]
    return [
        found.value
        for argument in named
        for found in ast.walk(argument)
        if isinstance(found, ast.Constant) and isinstance(found.value, str)
    ]


def test_no_purpose_check_names_a_purpose_category_or_recipient_by_a_bare_string() -> None:
    offenders = [
        f"{path.relative_to(SOURCE)}:{node.lineno}: {', '.join(literals)}"
        for path in sorted(SOURCE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Access"
        and (literals := _literal_ids(node))
    ]
    assert offenders == [], "use the constants of jobexp.policy.ids instead"
