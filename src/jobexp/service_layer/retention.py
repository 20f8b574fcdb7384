"""The retention sweep: delete or anonymize whatever has outlived its period (2.0, 2b; D8, D17).

Each table is swept in bounded batches, each batch its own unit of work under the `retention`
purpose, committed with an audit entry saying how many rows of which table ended and how. A
second run finds nothing; an interrupted one resumes where the data says it stopped. Accounts
under a legal hold are frozen (`frozen_users`), never swept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jobexp.adapters import tables as t
from jobexp.adapters.deletion_records import DeletionRecords
from jobexp.adapters.ledger import DisclosureLedger
from jobexp.adapters.repositories import AuditLog
from jobexp.adapters.retention_store import AuditPrune, RetentionStore, prune_of
from jobexp.adapters.tables import RULES
from jobexp.domain.audit import AuditEvent, prune_seal
from jobexp.domain.purposes import Access
from jobexp.domain.retention import Due, TableRule, due
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import audit
from jobexp.service_layer.context import Services
from jobexp.service_layer.key_reconcile import KEYS, destroy_orphan_keys
from jobexp.service_layer.ledger import LEDGER_CHAIN
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import UserId

__all__ = [
    "DEFAULT_BATCH",
    "TableResult",
    "frozen_users",
    "plan",
    "sweep",
    "sweep_access",
]

DEFAULT_BATCH = 50_000
Progress = Callable[[str, int], None]  # (table, rows just ended)


def sweep_access(rule: TableRule) -> Access:
    """The purpose check of one rule's sweep: its category, and those of the account's last
    activity where that restarts the period. (A chain's checkpoint, `audit_prune`, is
    registered under both chains' categories.)"""
    categories = [rule.category]
    if rule.refreshed_by is not None:
        categories += sorted(t.TABLE_CATEGORIES[rule.refreshed_by[0]])
    return Access(PurposeId.RETENTION, tuple(dict.fromkeys(categories)), "delete")


# Legal holds are deletion records (consent_records); finding the held accounts reads ids.
READ_HOLDS = (
    Access(PurposeId.CONSENT_MANAGEMENT, (CategoryId.CONSENT_RECORDS,), "read"),
    Access(PurposeId.RETENTION, (CategoryId.ACCOUNT_IDENTIFIER,), "read"),
)


def frozen_users(svc: Services, uow: UnitOfWork) -> frozenset[str]:
    """Accounts whose data is frozen by a legal hold: never deleted nor anonymized.

    Holds name an account by its pseudonym; a hold on an account with a deletion request is
    resolved through that request, any other by pseudonymizing the account ids (holds are
    rare, and this runs only while one is active).
    """
    uow.check(READ_HOLDS[0])
    held = uow.get(DeletionRecords).held_refs()
    if not held:
        return frozenset()
    uow.check(READ_HOLDS[1])
    return frozenset(
        uow.get(DeletionRecords).held_accounts(held, lambda i: audit.user_tag(svc, UserId(i)))
    )


@dataclass(frozen=True)
class TableResult:
    table: str
    category: str
    action: str
    rows: int


def plan(
    svc: Services, *, discontinued: bool = False, rules: Iterable[TableRule] = RULES
) -> list[TableResult]:
    """What a sweep would end now, per table, changing nothing (`--dry-run`)."""
    now = svc.clock.now()
    results = []
    for item in _due(svc, now, discontinued, rules):
        with svc.uow(sweep_access(item.rule), readonly=True) as uow:
            rows = _count(svc, uow, item, now)
        results.append(TableResult(item.rule.table, item.rule.category, item.action, rows))
    return [*results, _keys_result(destroy_orphan_keys(svc, dry_run=True))]


def sweep(
    svc: Services,
    *,
    batch_size: int = DEFAULT_BATCH,
    discontinued: bool = False,
    progress: Progress | None = None,
    rules: Iterable[TableRule] = RULES,
) -> list[TableResult]:
    """End every expired row, table by table, one committed batch at a time."""
    if batch_size < 1:
        raise ValueError("batch size must be at least 1")
    now = svc.clock.now()
    results = []
    for item in _due(svc, now, discontinued, rules):
        done = _sweep_table(svc, item, now, batch_size, progress)
        results.append(TableResult(item.rule.table, item.rule.category, item.action, done))
    # Last: the accounts this sweep ended leave keys in the vault, which no cascade reaches.
    keys = destroy_orphan_keys(svc, batch_size=batch_size, progress=progress)
    return [*results, _keys_result(keys)]


def _keys_result(rows: int) -> TableResult:
    return TableResult(KEYS, "account_identifier", "delete", rows)


def _sweep_table(
    svc: Services, item: Due, now: datetime, size: int, progress: Progress | None
) -> int:
    """One table, batch after batch on one connection: each batch its own committed
    transaction (the next begins with its first statement), checked once for the purpose."""
    done, after = 0, None
    with svc.uow(sweep_access(item.rule)) as uow:
        while True:
            ended, after, more = _one_batch(svc, uow, item, now, size, after=after)
            done += ended
            if progress is not None and ended:
                progress(item.rule.table, ended)
            if not more:
                return done


def _due(svc: Services, now: datetime, discontinued: bool, rules: Iterable[TableRule]) -> list[Due]:
    policy = svc.policies.published().current.policy
    return list(due(policy, now, rules, discontinued=discontinued))


def _count(svc: Services, uow: UnitOfWork, item: Due, now: datetime) -> int:
    if item.rule.chained:
        prune = uow.get(prune_of(item.rule.table))
        start = _pruned_through(prune)
        return prune.count_between(start, prune.prunable_through(item.cutoff))
    return uow.get(RetentionStore).count(item, now, frozen_users(svc, uow))


def _one_batch(
    svc: Services, uow: UnitOfWork, item: Due, now: datetime, size: int, *, after: Any
) -> tuple[int, Any, bool]:
    """One committed batch: (rows ended, where the next starts, whether to go on)."""
    if item.rule.chained:
        ended = _prune_chain(svc, uow, item, size, now)
        more = ended == size
    else:
        frozen = frozen_users(svc, uow)
        batch = uow.get(RetentionStore).end_batch(item, now, frozen, size, after)
        ended, after, more = batch.rows, batch.after, batch.more
    if ended:
        audit.record(uow, svc, _swept_event(item, ended))
        uow.commit()
    return ended, after, more


def _pruned_through(prune: AuditPrune) -> int:
    checkpoint = prune.checkpoint()
    return 0 if checkpoint is None else checkpoint[0]


def _prune_chain(svc: Services, uow: UnitOfWork, item: Due, size: int, now: datetime) -> int:
    """Remove the oldest expired entries and move the sealed start of the chain past them.

    The head is locked first, so prunes and appends from any process take turns. The audit
    log and the disclosure ledger each have their head, their key and their checkpoint.
    """
    if item.rule.table == t.disclosure_ledger.name:
        uow.get(DisclosureLedger).lock_head()
        key, chain = svc.derived.ledger_seal, LEDGER_CHAIN
    else:
        uow.get(AuditLog).lock_head()
        key, chain = svc.derived.audit_seal, "audit"
    prune = uow.get(prune_of(item.rule.table))
    start = _pruned_through(prune)
    through = min(prune.prunable_through(item.cutoff), start + size)
    if through <= start:
        return 0
    last_hash = prune.hash_of(through)
    return prune.prune(through, last_hash, prune_seal(key, through, last_hash, chain), now)


def _swept_event(item: Due, rows: int) -> AuditEvent:
    verb = "anonymized" if item.action == "anonymize" else "deleted"
    return AuditEvent(
        action=f"retention:{item.rule.table}:{verb}",
        actor="system:retention",
        details={
            "table": item.rule.table,
            "category": item.rule.category,
            "rows": rows,
            "cutoff": item.cutoff.isoformat(),
        },
    )
