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
    "LiveWhile",
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
class TableRule:
    """Where one category is stored, and from which column its retention period runs.

    `starts_at` is the column the period counts from; `refreshed_by` (table, key, column)
    names a later activity that restarts it (the account's last activity, joined on the
    `owner` column, else the key), the later of the two counting. `starts` says which of the
    policy's starting points that column measures: it must agree with the policy
    (`rule_problems`). `purpose` picks the period the policy sets for that purpose
    (`retention_by_purpose`), falling back to the category's.
    """

    table: str
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
    # Rows referenced from (table, column) are kept until those rows end (a foreign key).
    referenced_by: tuple[tuple[str, str], ...] = ()
    # Deleting a row also deletes these tables' rows (foreign keys ON DELETE CASCADE).
    cascades: tuple[str, ...] = ()
    # What `anonymize` writes: column -> value that keeps no link to a person. The first
    # column doubles as the marker of a row already anonymized (its value equals it).
    anonymize: Mapping[str, object] = field(default_factory=dict)
    chained: bool = False  # a hash chain: pruned by prefix with a sealed checkpoint
    bookkeeping: tuple[str, ...] = ()  # a chain's head and checkpoint: ended with the chain
    # An append-only log with an increasing integer key: batches are key ranges.
    ranged: bool = False


# The categories partners may provide (partner_records.category), with where each period starts.
_PARTNER_CATEGORIES: tuple[tuple[str, RetentionStart], ...] = (
    ("account_identifier", "last_activity"),
    ("personalization_profile", "last_activity"),
    ("location_coarse", "collection"),
    ("voice_recognition_results", "collection"),
)

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
    TableRule("search_keywords", "id", "search_keywords", "day", ranged=True),
    TableRule(
        "audit_log",
        "seq",
        "audit_log",
        "at",
        chained=True,
        bookkeeping=("audit_head", "audit_prune"),
    ),
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
        # The data key lives in the key vault: the sweep's last pass destroys it
        # (service_layer/key_reconcile.py), which makes backups unreadable (D7).
        cascades=(
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
    # The assistant (1b): tasks and saved places are kept for task_appointments, 365 days
    # from the account's last activity (location_coarse's period for that purpose).
    TableRule(
        "assistant_tasks",
        "id",
        "location_coarse",
        "created_at",
        starts="last_activity",
        refreshed_by=("account_activity", "user_id", "last_activity_at"),
        owner="user_id",
        purpose="task_appointments",
    ),
    TableRule(
        "saved_places",
        "id",
        "location_precise",
        "created_at",
        starts="last_activity",
        refreshed_by=("account_activity", "user_id", "last_activity_at"),
        owner="user_id",
        purpose="task_appointments",
    ),
    # The disclosure ledger is a hash chain like the audit log: pruned by prefix, sealed.
    TableRule(
        "disclosure_ledger",
        "seq",
        "disclosure_records",
        "at",
        chained=True,
        bookkeeping=("disclosure_head",),
    ),
    # Governance records. Each names an account (user_id, ON DELETE CASCADE) but has a
    # period of its own, counted from when it was made: a cascade from `users` would keep
    # the security records (183 days) up to 1095 days.
    TableRule("violations", "id", "audit_log", "recorded_at", owner="user_id"),
    TableRule("minor_access_approvals", "id", "audit_log", "requested_at", owner="user_id"),
    TableRule(
        "disclosure_requests",
        "id",
        "disclosure_records",
        "requested_at",
        owner="user_id",
        live_while=(LiveWhile("status", ("filed", "approved")),),
    ),
    TableRule(
        "share_queue",
        "id",
        "disclosure_records",
        "queued_at",
        owner="user_id",
        live_while=(LiveWhile("status", ("pending",)),),
    ),
    TableRule("incident_notices", "id", "disclosure_records", "notified_at", owner="user_id"),
    TableRule("leak_reports", "id", "disclosure_records", "reported_at", owner="user_id"),
    # Data from partners (D15): each row holds one category (its `category` column) and ends
    # with that category's period.
    *(
        TableRule(
            "partner_records",
            "id",
            category,
            "imported_at",
            starts=starts,
            refreshed_by=(
                ("account_activity", "user_id", "last_activity_at")
                if starts == "last_activity"
                else None
            ),
            owner="user_id",
            only=("category", category),
        )
        for category, starts in _PARTNER_CATEGORIES
    ),
    # Account deletion (D7): pseudonymous records that outlive the account by design. Their
    # "last activity" is the account's while it exists (else the request), a hold's release,
    # a recipient's acknowledgement; open ones are never ended.
    TableRule(
        "erasure_outbox",
        "id",
        "consent_records",
        "acknowledged_at",
        starts="last_activity",
        live_while=(LiveWhile("acknowledged_at", (None,)),),
    ),
    TableRule(
        "deletion_requests",
        "id",
        "consent_records",
        "requested_at",
        starts="last_activity",
        refreshed_by=("account_activity", "user_id", "last_activity_at"),
        owner="account_id",
        live_while=(LiveWhile("state", ("requested", "scheduled", "erasing")),),
        referenced_by=(("erasure_outbox", "request_id"),),
    ),
    TableRule(
        "legal_holds",
        "id",
        "consent_records",
        "released_at",
        starts="last_activity",
        live_while=(LiveWhile("released_at", (None,)),),
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
