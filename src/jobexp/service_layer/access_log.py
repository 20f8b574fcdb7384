"""The access log of clause 3b (D12): recorded per request, written in batches.

A request must not wait on a database write to be logged, so entries collect in memory and a
background task writes them every second (and on shutdown) in one transaction.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import NamedTuple

from jobexp.adapters.repositories import AccessLog
from jobexp.domain.purposes import Access
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer.context import Services

WRITE_ACCESS_LOG = Access(PurposeId.SECURITY_LOGGING, (CategoryId.ACCESS_LOG,), "write")
MAX_PENDING = 50_000  # beyond this, entries are written at once rather than buffered


class AccessEntry(NamedTuple):
    """One request as the access log keeps it (a tuple: one is made per request)."""

    at: datetime
    ip_prefix: str
    browser: str
    language: str
    method: str
    path: str
    status: int


class AccessLogBuffer:
    def __init__(self, svc: Services) -> None:
        self._svc = svc
        self._pending: list[AccessEntry] = []
        self._lock = threading.Lock()
        # One flush at a time: a shutdown flush waits for a periodic one still writing.
        self._flushing = threading.Lock()

    def add(self, entry: AccessEntry) -> None:
        with self._lock:
            self._pending.append(entry)
            full = len(self._pending) >= MAX_PENDING
        if full:
            self.flush()

    def flush(self) -> int:
        with self._flushing:
            return self._flush()

    def _flush(self) -> int:
        with self._lock:
            batch, self._pending = self._pending, []
        if not batch:
            return 0
        try:
            with self._svc.uow(WRITE_ACCESS_LOG) as uow:
                uow.get(AccessLog).add_many(batch)
                uow.commit()
        except Exception:
            with self._lock:  # keep them for the next flush rather than lose them
                self._pending[:0] = batch
            raise
        return len(batch)
