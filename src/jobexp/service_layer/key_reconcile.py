"""Destroying data keys whose account is gone, as part of every retention sweep (D7, D8).

An account can end without the erasure worker: the sweep deletes an inactive one, the
discontinuation deletes them all, a sign-up whose commit failed leaves its key behind. The
key vault lives apart from the database, so no foreign key cascades into it: this pass walks
the vault in id order, in bounded batches, and destroys every key with no account. It also
heals a vault restored from a copy older than an erasure: the erased account has no row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from jobexp.adapters.repositories import Accounts
from jobexp.domain.audit import AuditEvent
from jobexp.domain.purposes import Access
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import audit
from jobexp.service_layer.context import Services

__all__ = ["GRACE", "KEYS", "destroy_orphan_keys"]

KEYS = "data_keys"
# A sign-up stores its key just before it commits the account: never take that for an orphan.
GRACE = timedelta(hours=1)
# Ids per statement, under every backend's limit on bound parameters.
CHUNK = 500
ACCESS = Access(PurposeId.RETENTION, (CategoryId.ACCOUNT_IDENTIFIER,), "delete")


def destroy_orphan_keys(
    svc: Services,
    *,
    batch_size: int = CHUNK,
    dry_run: bool = False,
    progress: Callable[[str, int], None] | None = None,
) -> int:
    """Destroy (or, dry, count) every key whose account no longer exists; how many."""
    now = svc.clock.now()
    size = min(batch_size, CHUNK)
    done, after = 0, ""
    while ids := svc.vault.user_ids(after, size, now - GRACE):
        after = ids[-1]
        ended = _one_batch(svc, ids, now, dry_run)
        done += ended
        if progress is not None and ended:
            progress(KEYS, ended)
    return done


def _one_batch(svc: Services, ids: Sequence[str], now: datetime, dry_run: bool) -> int:
    with svc.uow(ACCESS, readonly=dry_run) as uow:
        orphans = sorted(set(ids) - uow.get(Accounts).existing(ids))
        if dry_run or not orphans:
            return len(orphans)
        # The vault commits first: an audit entry never claims a key that still exists.
        destroyed = svc.vault.destroy(orphans)
        if destroyed:
            audit.record(uow, svc, _event(destroyed, now))
            uow.commit()
    return destroyed


def _event(rows: int, now: datetime) -> AuditEvent:
    return AuditEvent(
        action=f"retention:{KEYS}:deleted",
        actor="system:retention",
        details={
            "table": KEYS,
            "category": "account_identifier",
            "rows": rows,
            "cutoff": (now - GRACE).isoformat(),
        },
    )
