"""The schema, as SQLAlchemy Core tables, one module per feature; migrations in
`jobexp/migrations` create it.

Each table declares its facts on itself (`info=declare(...)`, see `base.py` and
`jobexp.domain.table_facts`): the policy's data categories it holds, its retention, its export
section, whether erasure removes it. What is read from them is derived here once.
"""

from __future__ import annotations

from jobexp.adapters.tables.accounts import (
    LAST_ACTIVITY,
    account_activity,
    devices,
    guardian_consents,
    login_failures,
    policy_acceptances,
    sessions,
    users,
)
from jobexp.adapters.tables.assistant import assistant_tasks, saved_places, search_keywords
from jobexp.adapters.tables.base import (
    UTCDateTime,
    categories_of,
    declared,
    facts_of,
    metadata,
)
from jobexp.adapters.tables.consents import consent_events, consent_state, policy_releases
from jobexp.adapters.tables.deletion import (
    deletion_receipts,
    deletion_requests,
    erasure_outbox,
    legal_holds,
)
from jobexp.adapters.tables.derive import export_sections, retention_rules, table_categories
from jobexp.adapters.tables.disclosures import disclosure_head, disclosure_ledger
from jobexp.adapters.tables.discontinuation import discontinuation_notices, discontinuations
from jobexp.adapters.tables.governance import (
    disclosure_requests,
    minor_access_approvals,
    staff,
    staff_sessions,
    violations,
)
from jobexp.adapters.tables.incidents import incident_notices, incidents, leak_reports
from jobexp.adapters.tables.logs import access_log, audit_head, audit_log, audit_prune, key_check
from jobexp.adapters.tables.partners import partner_grants, partner_records, share_queue

# The policy's data categories each table holds (tables holding none are not listed).
TABLE_CATEGORIES: dict[str, frozenset[str]] = table_categories()
# The retention sweep's rules, one per category a table holds.
RULES = retention_rules()
# (table, section) of the user's export, in the order it shows them.
EXPORT_SECTIONS = export_sections()

__all__ = [
    "EXPORT_SECTIONS",
    "LAST_ACTIVITY",
    "RULES",
    "TABLE_CATEGORIES",
    "UTCDateTime",
    "access_log",
    "account_activity",
    "assistant_tasks",
    "audit_head",
    "audit_log",
    "audit_prune",
    "categories_of",
    "consent_events",
    "consent_state",
    "declared",
    "deletion_receipts",
    "deletion_requests",
    "devices",
    "disclosure_head",
    "disclosure_ledger",
    "disclosure_requests",
    "discontinuation_notices",
    "discontinuations",
    "erasure_outbox",
    "facts_of",
    "guardian_consents",
    "incident_notices",
    "incidents",
    "key_check",
    "leak_reports",
    "legal_holds",
    "login_failures",
    "metadata",
    "minor_access_approvals",
    "partner_grants",
    "partner_records",
    "policy_acceptances",
    "policy_releases",
    "saved_places",
    "search_keywords",
    "sessions",
    "share_queue",
    "staff",
    "staff_sessions",
    "users",
    "violations",
]
