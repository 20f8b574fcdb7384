"""Retention as the policy states it (clauses 2.0, 2b; decisions D8, D12, D17).

The policy says, per data category, how many days an item is kept, from when (collection or
the account's last activity) and what happens then (delete or anonymize). Where each category
lives is said once, on the table that holds it (its `TableFacts`, adapters/tables): one
`Retain` per category, which the adapters place on their table as a `TableRule`. The sweep
derives everything else (cut-off, action) from the policy in force, so the policy stays the
single source of the figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jobexp.policy.model import EndOfRetention, Policy, Retention, RetentionStart

__all__ = [
    "KEPT_BY_LAW",
    "Due",
    "LiveWhile",
    "Retain",
    "RuleProblem",
    "TableRule",
    "due",
    "retention_end",
    "rule_problems",
]

# Kept to their own period even when the service is discontinued, and named in the report:
# the security logs the Cybersecurity Law (art. 21) requires for 6 months (D7's stated
# exception), and the record of disclosures PIPL art. 55-56 requires for 3 years. Both name
# accounts only by pseudonym.
KEPT_BY_LAW = frozenset({"access_log", "audit_log", "disclosure_records"})


@dataclass(frozen=True)
class LiveWhile:
    """Rows still in use: `column` holds one of `values` (None: the column is NULL).

    Such rows are never ended, however old, not even after discontinuation: an open deletion
    request must still be carried out, an active legal hold must still stand.
    """

    column: str
    values: tuple[str | None, ...]


@dataclass(frozen=True)
class Retain:
    """How one category of a table's rows ends, as the table declares it (its `TableFacts`).

    `starts_at` is the column the period counts from; `refreshed_by` (table, key, column)
    names a later activity that restarts it (the account's last activity, joined on the
    `owner` column, else the key), the later of the two counting. `starts` says which of the
    policy's starting points that column measures: it must agree with the policy
    (`rule_problems`). `purpose` picks the period the policy sets for that purpose
    (`retention_by_purpose`), falling back to the category's.
    """

    key: str
    category: str
    starts_at: str
    starts: RetentionStart = "collection"
    refreshed_by: tuple[str, str, str] | None = None
    owner: str | None = None  # the user-id column: rows of frozen users are never touched
    still_live: str | None = None  # rows are kept while this column is in the future
    live_while: tuple[LiveWhile, ...] = ()  # rows in a live state are kept whatever their age
    purpose: str | None = None  # the purpose the data is kept for (its own period, if any)
    # (column, value): the rule covers only rows holding this category (one rule per category)
    only: tuple[str, str] | None = None
    # What `anonymize` writes: column -> value that keeps no link to a person. The first
    # column doubles as the marker of a row already anonymized (its value equals it).
    anonymize: Mapping[str, object] = field(default_factory=dict)
    chained: bool = False  # a hash chain: pruned by prefix with a sealed checkpoint
    # An append-only log with an increasing integer key: batches are key ranges.
    ranged: bool = False


@dataclass(frozen=True, kw_only=True)
class TableRule(Retain):
    """A `Retain` placed on its table, with what the schema says around it: the tables whose
    rows keep it (`referenced_by`, foreign keys) or end with it (`cascades`, `bookkeeping`)."""

    table: str
    # Rows referenced from (table, column) are kept until those rows end (a foreign key).
    referenced_by: tuple[tuple[str, str], ...] = ()
    # Deleting a row also deletes these tables' rows (foreign keys ON DELETE CASCADE).
    cascades: tuple[str, ...] = ()
    bookkeeping: tuple[str, ...] = ()  # a chain's head and checkpoint: ended with the chain


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
    rules: Iterable[TableRule],
    *,
    discontinued: bool = False,
) -> Iterator[Due]:
    """Each rule's cut-off and action from the policy; after discontinuation, everything is due.

    A category the policy keeps no period for is an error, never "keep forever" (the linter
    reports it as `category-without-retention` before such a policy is published).
    """
    for rule in rules:
        retention = policy.retention_for(rule.category, rule.purpose)
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
    covered: set[str] = set()
    by_table: dict[str, list[TableRule]] = {}
    for rule in rules:
        by_table.setdefault(rule.table, []).append(rule)
    for table, table_rules in by_table.items():
        covered.add(table)
        categories = table_categories.get(table, frozenset())
        partial = [rule.category for rule in table_rules if rule.only is not None]
        if partial and (len(partial) < len(table_rules) or set(partial) != set(categories)):
            problems.append(RuleProblem(table, "rows split by category need one rule each"))
        for rule in table_rules:
            covered.update(rule.bookkeeping)
            problems.extend(_rule_problems(policy, rule, by_table, table_categories))
    for rule in (rule for table_rules in by_table.values() for rule in table_rules):
        covered.update(rule.cascades)
    for table in table_categories:
        if table not in covered:
            problems.append(RuleProblem(table, "personal table with no retention rule"))
    return problems


def _rule_problems(
    policy: Policy,
    rule: TableRule,
    by_table: Mapping[str, list[TableRule]],
    table_categories: Mapping[str, frozenset[str]],
) -> Iterator[RuleProblem]:
    retention = policy.retention_for(rule.category, rule.purpose)
    if retention is None:
        yield RuleProblem(rule.table, f"{rule.category} has no retention period")
        return
    if retention.starts != rule.starts:
        yield RuleProblem(rule.table, f"policy starts at {retention.starts}, rule {rule.starts}")
    if retention.then == "anonymize" and not rule.anonymize:
        yield RuleProblem(rule.table, "policy says anonymize; rule cannot")
    if rule.only is None:  # the rule ends every row: no other category may outlive its period
        for category in sorted(table_categories.get(rule.table, frozenset()) - {rule.category}):
            own = policy.retention_for(category, rule.purpose)
            if own is None or _outlives(retention, own):
                yield RuleProblem(rule.table, f"{category} would outlive its period")
    for table in rule.cascades:
        if table not in by_table:  # else it has its own, possibly shorter, rule
            yield from _cascade_problems(
                policy, rule, retention, table_categories.get(table, frozenset())
            )


def _outlives(kept: Retention, own: Retention) -> bool:
    """Whether keeping data for `kept` could keep it past `own` (its own period).

    A period counted from collection never ends later than one as long counted from the
    (later) last activity.
    """
    return kept.days > own.days or (kept.starts == "last_activity" and own.starts == "collection")


def _cascade_problems(
    policy: Policy, rule: TableRule, retention: Retention, categories: frozenset[str]
) -> Iterator[RuleProblem]:
    """A table deleted along with its owner must not promise a shorter period than the owner's."""
    for category in sorted(categories):
        own = policy.category(category).retention
        if own is None or own.days < retention.days or own.starts != retention.starts:
            yield RuleProblem(rule.table, f"{category} would outlive its period via {rule.table}")
