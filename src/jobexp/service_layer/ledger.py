"""Writing to, reading and verifying the disclosure ledger."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from jobexp.adapters.ledger import DisclosureLedger
from jobexp.adapters.retention_store import LedgerPrune
from jobexp.domain import purpose_scope
from jobexp.domain.chain import ChainBreak
from jobexp.domain.disclosures import Disclosure, LedgerEntry, seal_disclosure, verify_ledger
from jobexp.domain.purposes import Access, PurposeDenied
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer.audit import kept_start, user_tag
from jobexp.service_layer.context import Services
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import UserId

# Keeping the record of disclosures is itself a legal obligation (PIPL art. 55-56).
LEDGER_WRITE = Access(PurposeId.LEGAL_DISCLOSURE, (CategoryId.DISCLOSURE_RECORDS,), "write")
LEDGER_READ = Access(PurposeId.LEGAL_DISCLOSURE, (CategoryId.DISCLOSURE_RECORDS,), "read")
# One constant tuple: the guard settles it once per policy release (a lookup per append).
_RECORD_KEEPING = (LEDGER_WRITE,)
# The name sealed into the record of the ledger's pruned prefix (`domain.audit.prune_seal`).
LEDGER_CHAIN = "disclosure"
# A notice hold ends on a date in the PRC, where the ledger's region is.
_HOLD_ZONE = ZoneInfo("Asia/Shanghai")


def record(uow: UnitOfWork, svc: Services, user_id: UserId | None, disclosure: Disclosure) -> int:
    """Append `disclosure` inside the caller's transaction: it commits or vanishes with it.

    The caller's unit of work has already run the purpose check for the share itself
    (purpose, categories, recipient); this checks only the record-keeping. Returns the seq.
    """
    if not svc.guard.allows_without_user(_RECORD_KEEPING):
        refused = svc.guard.decide(_RECORD_KEEPING, None, uow)
        if refused is not None:
            raise PurposeDenied(*refused)
    subject = None if user_id is None else user_tag(svc, user_id)
    now = svc.clock.now()

    def after(head: tuple[int, str]) -> LedgerEntry:
        key = svc.derived.ledger_seal
        return seal_disclosure(
            key, head[0] + 1, now, subject=subject, disclosure=disclosure, prev=head[1]
        )

    with purpose_scope.authorized(LEDGER_WRITE.categories):
        # This process's last head first: the common case reads nothing. If another writer
        # moved it, the head moves nowhere and is read, locked, to seal after it.
        guess = svc.database.ledger_head.guess
        entry = after(guess or uow.get(DisclosureLedger).lock_head())
        if not uow.get(DisclosureLedger).move_head(entry):
            entry = after(uow.get(DisclosureLedger).lock_head())
            if not uow.get(DisclosureLedger).move_head(entry):
                raise RuntimeError("the disclosure ledger's head moved while locked")
        uow.get(DisclosureLedger).append(entry)
    svc.database.ledger_head.guess = (entry.seq, entry.hash)
    return entry.seq


def history(svc: Services, user_id: UserId, *, include_held: bool = False) -> list[LedgerEntry]:
    """The entries about `user_id`, newest first; those under a notice hold only if asked."""
    now = svc.clock.now()
    with svc.uow(LEDGER_READ, subject=user_id, readonly=True) as uow:
        entries = uow.get(DisclosureLedger).about(user_tag(svc, user_id))
    return [e for e in entries if include_held or visible(e, now)]


def visible(entry: LedgerEntry, now: datetime) -> bool:
    """Whether the user may see `entry` at `now` (a notice hold ends on a PRC date)."""
    return entry.visible_on(now.astimezone(_HOLD_ZONE).date())


def verify(svc: Services) -> ChainBreak | None:
    """The first break in the ledger's chain, or None; a pruned prefix is checked by its seal."""
    with svc.uow(LEDGER_READ, readonly=True) as uow:
        prune = uow.get(LedgerPrune)
        start = kept_start(prune, svc.derived.ledger_seal, LEDGER_CHAIN)
        if isinstance(start, ChainBreak):
            return start
        key = svc.derived.ledger_seal
        return verify_ledger(
            key, uow.get(DisclosureLedger).entries(), uow.get(DisclosureLedger).head(), start
        )


def count(svc: Services) -> int:
    with svc.uow(LEDGER_READ, readonly=True) as uow:
        return uow.get(DisclosureLedger).count()
