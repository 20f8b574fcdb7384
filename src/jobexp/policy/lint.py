"""Finding gaps and contradictions in a well-formed policy.

The loader rejects a policy that is malformed; the linter reports one that is well-formed but
says something JobExp cannot honour, or promises something nothing enforces yet. Errors are
what must be fixed before the policy is published; warnings are contradictions in the
commissioned text that the data resolves (spec/DECISIONS.md), reported so they stay visible.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from jobexp.policy.ids import ClauseId
from jobexp.policy.model import Clause, Policy, Purpose, Recipient

Level = Literal["error", "warning"]

# PIPL art. 29 asks separate consent for sensitive data, unless no consent is needed at all.
SENSITIVE_BASES = frozenset({"separate_consent", "legal_obligation", "vital_interest"})
# PIPL art. 28 (and D2, D6): categories of this kind are sensitive whatever the file says.
ALWAYS_SENSITIVE = re.compile(r"^(location|id_number|financial|bank|biometric|health|minors)")
GLOBAL_TRANSFER = re.compile(
    r"globally|cross-border|abroad|outside the (PRC|territory)|境外|跨境|全球", re.IGNORECASE
)
CONTINUED_USE = re.compile(r"continued use|继续使用", re.IGNORECASE)
PASSWORD_ENCRYPTED = re.compile(
    r"\bpasswords?\s+(?:is\s+|are\s+)?encrypt|\bencrypted\s+passwords?\b|\bpassword\s+encryption"
    r"|密码加密|加密(?:的|后的)?密码",
    re.IGNORECASE,
)
CONSENT_FREE_KINDS = frozenset({"affiliate"})


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str
    clauses: tuple[str, ...]
    message: str


Rule = Callable[[Policy], Iterator[Finding]]


def lint(policy: Policy, *, resolves: Callable[[str], bool] | None = None) -> list[Finding]:
    """Every finding for the policy; with `resolves`, also enforcers that name no real code."""
    findings = [finding for rule in RULES for finding in rule(policy)]
    if resolves is not None:
        findings.extend(_unresolved_enforcers(policy, resolves))
    return findings


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == "error"]


def importable(reference: str) -> bool:
    """Whether a dotted name (module, then attributes) resolves to real code."""
    parts = reference.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


def _cross_border_contradiction(policy: Policy) -> Iterator[Finding]:
    storage_clause, transfer_clause = policy.clause(ClauseId.C2A), policy.clause(ClauseId.C6)
    if policy.region.storage != "CN" or not _says(transfer_clause, GLOBAL_TRANSFER):
        return
    purpose_id = policy.region.cross_border_purpose
    purpose = _purpose_or_none(policy, purpose_id)
    if purpose is not None and purpose.legal_basis == "separate_consent":
        yield Finding(
            "warning",
            "storage-region-vs-global-transfer",
            (storage_clause.id, transfer_clause.id),
            f"clause 2a stores data in {policy.region.storage} while clause 6 allows global "
            f"transfer; resolved (D5): transfers only under purpose '{purpose.id}' with "
            "separate consent and a recorded legal mechanism",
        )
        return
    yield Finding(
        "error",
        "storage-region-vs-global-transfer",
        (storage_clause.id, transfer_clause.id),
        f"clause 2a stores data in {policy.region.storage} but clause 6 allows global transfer, "
        "and no separate-consent purpose governs cross-border transfer (region.cross_border)",
    )


def _continued_use_acceptance(policy: Policy) -> Iterator[Finding]:
    clause = policy.clause(ClauseId.C11)
    if not _says(clause, CONTINUED_USE):
        return
    if policy.updates.material_requires_reconsent:
        yield Finding(
            "warning",
            "continued-use-as-acceptance",
            (ClauseId.P2, clause.id),
            "clause 11 takes continued use as acceptance; resolved (D1): material changes "
            "need explicit re-consent and stop the affected processing until then",
        )
        return
    yield Finding(
        "error",
        "continued-use-as-acceptance",
        (ClauseId.P2, clause.id),
        "clause 11 takes continued use as acceptance and updates.material_requires_reconsent "
        "is false: material changes would apply without the user's consent (PIPL 14)",
    )


def _sensitive_without_separate_consent(policy: Policy) -> Iterator[Finding]:
    for category in policy.sensitive_categories():
        for purpose in policy.purposes_using(category.id):
            if purpose.legal_basis is not None and purpose.legal_basis not in SENSITIVE_BASES:
                yield Finding(
                    "error",
                    "sensitive-without-separate-consent",
                    (ClauseId.C1_0,),
                    f"sensitive category '{category.id}' is used by purpose '{purpose.id}' "
                    f"under {purpose.legal_basis}; it needs separate consent (PIPL 29)",
                )


def _should_be_sensitive(policy: Policy) -> Iterator[Finding]:
    for category in policy.categories:
        if ALWAYS_SENSITIVE.match(category.id) and not category.sensitive:
            yield Finding(
                "error",
                "category-not-marked-sensitive",
                (ClauseId.C1_0,),
                f"category '{category.id}' is sensitive personal information (PIPL 28) "
                "but is not marked sensitive",
            )


def _purpose_without_basis(policy: Policy) -> Iterator[Finding]:
    for purpose in policy.purposes:
        if purpose.legal_basis is None:
            yield Finding(
                "error",
                "purpose-without-legal-basis",
                (ClauseId.C1_1,),
                f"purpose '{purpose.id}' declares no legal basis (PIPL 13)",
            )


def _category_without_retention(policy: Policy) -> Iterator[Finding]:
    for category in policy.server_categories():
        if category.retention is None:
            yield Finding(
                "error",
                "category-without-retention",
                (ClauseId.C2_0, ClauseId.C2B),
                f"server-side category '{category.id}' has no retention period (D8)",
            )


def _clause_not_enforced(policy: Policy) -> Iterator[Finding]:
    for clause in policy.clauses:
        if not clause.enforced_by:
            yield Finding(
                "error",
                "clause-not-enforced",
                (clause.id,),
                f"clause {clause.id} ({clause.title.en}) names nothing that enforces it",
            )


def _recipient_gaps(policy: Policy) -> Iterator[Finding]:
    for recipient in policy.recipients:
        for code, problem in _recipient_problems(policy, recipient):
            message = f"recipient '{recipient.id}' {problem}"
            yield Finding("error", code, (ClauseId.C1D, ClauseId.C4A), message)


def _recipient_problems(policy: Policy, recipient: Recipient) -> Iterator[tuple[str, str]]:
    if not recipient.categories:
        yield "recipient-without-categories", "declares no data categories it receives"
    allowed = {c for p in recipient.purposes for c in policy.purpose(p).categories}
    for category in recipient.categories:
        if category not in allowed:
            yield (
                "recipient-beyond-purposes",
                f"receives '{category}', which none of its purposes uses",
            )
        if policy.category(category).processed_on == "device":
            yield "recipient-gets-device-data", f"receives device-only category '{category}'"
    if recipient.kind not in CONSENT_FREE_KINDS and not recipient.requires_consent:
        yield (
            "recipient-without-consent",
            f"is a {recipient.kind} that receives data without consent (D3)",
        )


def _permission_outside_purpose(policy: Policy) -> Iterator[Finding]:
    for permission in policy.permissions:
        purpose = policy.purpose(permission.purpose)
        for category in permission.categories:
            if category not in purpose.categories:
                yield Finding(
                    "error",
                    "permission-outside-purpose",
                    (ClauseId.C9A, ClauseId.C9B, ClauseId.C9C, ClauseId.C9D),
                    f"permission '{permission.id}' grants '{category}', which its purpose "
                    f"'{purpose.id}' does not use (D9)",
                )


def _password_said_encrypted(policy: Policy) -> Iterator[Finding]:
    for clause in policy.clauses:
        if PASSWORD_ENCRYPTED.search(clause.text.en) or PASSWORD_ENCRYPTED.search(
            clause.text.zh_CN
        ):
            yield Finding(
                "error",
                "password-said-encrypted",
                (clause.id,),
                f"clause {clause.id} says passwords are encrypted; they are hashed with "
                "argon2id and the published text must say so (D10)",
            )


def _unresolved_enforcers(policy: Policy, resolves: Callable[[str], bool]) -> Iterator[Finding]:
    for clause in policy.clauses:
        for reference in clause.enforced_by:
            if not resolves(reference):
                yield Finding(
                    "error",
                    "enforcer-not-found",
                    (clause.id,),
                    f"clause {clause.id} names {reference} as its enforcer, which does not exist",
                )


def _says(clause: Clause, pattern: re.Pattern[str]) -> bool:
    return any(
        pattern.search(text) for text in (clause.original, clause.text.en, clause.text.zh_CN)
    )


def _purpose_or_none(policy: Policy, purpose_id: str | None) -> Purpose | None:
    return next((p for p in policy.purposes if p.id == purpose_id), None)


RULES: tuple[Rule, ...] = (
    _cross_border_contradiction,
    _continued_use_acceptance,
    _sensitive_without_separate_consent,
    _should_be_sensitive,
    _purpose_without_basis,
    _category_without_retention,
    _clause_not_enforced,
    _recipient_gaps,
    _permission_outside_purpose,
    _password_said_encrypted,
)
