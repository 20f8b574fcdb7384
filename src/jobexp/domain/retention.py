"""Retention as the policy states it (clauses 2.0, 2b; decisions D8, D12, D17).

The policy says, per data category, how many days an item is kept, from when (collection or
the account's last activity) and what happens then (delete or anonymize). Where each category
lives is said once here, as data: one `TableRule` per table that holds it. The sweep derives
everything else (cut-off, action) from the policy in force, so the policy stays the single
source of the figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jobexp.policy.model import EndOfRetention, Policy, Retention, RetentionStart

__all__ = [
    "KEPT_BY_LAW",
    "RULES",
    "Due",
    "RuleProblem",
    "TableRule",
    "due",
    "retention_end",
    "rule_problems",
]

# Security logs the Cybersecurity Law (art. 21) requires for 6 months: kept to their own
# period even when the service is discontinued (D7's stated exception; named in the report).
KEPT_BY_LAW = frozenset({"access_log", "audit_log"})


@dataclass(frozen=True)
class TableRule:
    """Where one category is stored, and from which column its retention period runs.

    `starts_at` is the column the period counts from; `refreshed_by` (table, key, column)
    names a later activity that restarts it (the account's last activity), falling back to
    `starts_at` where none is recorded. `starts` says which of the policy's starting points
    that column measures: it must agree with the policy (`rule_problems`).
    """

    table: str
    key: str
    category: str
    starts_at: str
    starts: RetentionStart = "collection"
    refreshed_by: tuple[str, str, str] | None = None
    owner: str | None = None  # the user-id column: rows of frozen users are never touched
    still_live: str | None = None  # rows are kept while this column is in the future
    # Deleting a row also deletes these tables' rows (foreign keys ON DELETE CASCADE).
    cascades: tuple[str, ...] = ()
    # What `anonymize` writes: column -> value that keeps no link to a person. The first
    # column doubles as the marker of a row already anonymized (its value equals it).
    anonymize: Mapping[str, object] = field(default_factory=dict)
    chained: bool = False  # the audit chain: pruned by prefix with a sealed checkpoint
    # An append-only log with an increasing integer key: batches are key ranges.
    ranged: bool = False


RULES: tuple[TableRule, ...] = (
    TableRule(
        "access_log",
        "id",
        "access_log",
        "at",
        anonymize={"ip_prefix": "", "browser": "", "language": ""},
        ranged=True,
    ),
    TableRule("login_failures", "id", "audit_log", "at", ranged=True),
    TableRule("audit_log", "seq", "audit_log", "at", chained=True),
    TableRule(
        "sessions",
        "id",
        "session_records",
        "created_at",
        owner="user_id",
        still_live="absolute_expires_at",
    ),
    TableRule(
        "devices",
        "id",
        "device_identifier",
        "last_login_at",
        starts="last_activity",
        owner="user_id",
    ),
    TableRule(
        "users",
        "id",
        "account_identifier",
        "created_at",
        starts="last_activity",
        refreshed_by=("account_activity", "user_id", "last_activity_at"),
        owner="id",
        cascades=(
            "user_keys",  # the user's data key: destroying it makes backups unreadable (D7)
            "policy_acceptances",
            "guardian_consents",
            "consent_events",
            "consent_state",
            "account_activity",
            "discontinuation_notices",
            "devices",
            "sessions",
        ),
    ),
)


@dataclass(frozen=True)
class Due:
    """One rule with its cut-off now: rows whose period started before `cutoff` have ended."""

    rule: TableRule
    cutoff: datetime
    action: EndOfRetention
    everything: bool = False  # the service is discontinued: every row ends, whatever its age


def due(
    policy: Policy,
    now: datetime,
    rules: Iterable[TableRule] = RULES,
    *,
    discontinued: bool = False,
) -> Iterator[Due]:
    """Each rule's cut-off and action from the policy; after discontinuation, everything is due.

    A category the policy keeps no period for is an error, never "keep forever" (the linter
    reports it as `category-without-retention` before such a policy is published).
    """
    for rule in rules:
        retention = policy.category(rule.category).retention
        if retention is None:
            raise ValueError(f"category {rule.category!r} has no retention period in the policy")
        if discontinued and rule.category not in KEPT_BY_LAW:
            yield Due(rule, now, retention.then, everything=True)
        else:
            yield Due(rule, now - timedelta(days=retention.days), retention.then)


def retention_end(retention: Retention, collected: datetime, last_activity: datetime) -> datetime:
    """When an item collected at `collected` is deleted or anonymized at the latest."""
    start = last_activity if retention.starts == "last_activity" else collected
    return start + timedelta(days=retention.days)


@dataclass(frozen=True)
class RuleProblem:
    table: str
    message: str


def rule_problems(
    policy: Policy, rules: Iterable[TableRule], table_categories: Mapping[str, frozenset[str]]
) -> list[RuleProblem]:
    """Where the table mapping disagrees with the policy or leaves a personal table uncovered."""
    problems: list[RuleProblem] = []
    covered: set[str] = {"audit_head", "audit_prune"}  # the chain's own bookkeeping
    by_table = {rule.table: rule for rule in rules}
    for rule in by_table.values():
        covered.add(rule.table)
        retention = policy.category(rule.category).retention
        if retention is None:
            problems.append(RuleProblem(rule.table, f"{rule.category} has no retention period"))
            continue
        if retention.starts != rule.starts:
            problems.append(
                RuleProblem(rule.table, f"policy starts at {retention.starts}, rule {rule.starts}")
            )
        if retention.then == "anonymize" and not rule.anonymize:
            problems.append(RuleProblem(rule.table, "policy says anonymize; rule cannot"))
        for table in rule.cascades:
            covered.add(table)
            if table not in by_table:  # else it has its own, possibly shorter, rule
                problems.extend(
                    _cascade_problems(
                        policy, rule, retention, table_categories.get(table, frozenset())
                    )
                )
    for table in table_categories:
        if table not in covered:
            problems.append(RuleProblem(table, "personal table with no retention rule"))
    return problems


def _cascade_problems(
    policy: Policy, rule: TableRule, retention: Retention, categories: frozenset[str]
) -> Iterator[RuleProblem]:
    """A table deleted along with its owner must not promise a shorter period than the owner's."""
    for category in sorted(categories):
        own = policy.category(category).retention
        if own is None or own.days < retention.days or own.starts != retention.starts:
            yield RuleProblem(rule.table, f"{category} would outlive its period via {rule.table}")
