"""Results of hot reads, kept only until the next commit to the database by anyone.

An entry is stamped with the database's change counter read *before* the read it holds, so
any commit after that stamp (a logout, a password change, a consent, a deletion, from any
process) makes every entry stale at once. Time-based rules are still applied on each use by
the caller (a session past its timeout is not served from here). Entries are bounded in
number and hold only what one user's own request already returned to that user.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, TypeVar

from jobexp.adapters.change_watch import ChangeWatch

V = TypeVar("V")
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class Stamped(Generic[V]):
    version: int
    value: V


class ReadCache(Generic[V]):
    def __init__(self, watch: ChangeWatch | None, max_entries: int = MAX_ENTRIES) -> None:
        self._watch = watch
        self._max = max_entries
        self._entries: OrderedDict[str, Stamped[V]] = OrderedDict()
        self._lock = threading.Lock()

    def version(self) -> int | None:
        """The stamp for a read about to start, or None when nothing may be cached."""
        return None if self._watch is None else self._watch.version()

    def get(self, key: str, version: int | None) -> V | None:
        if version is None:
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.version != version:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry.value

    def put(self, key: str, version: int | None, value: V) -> None:
        if version is None:
            return
        with self._lock:
            self._entries[key] = Stamped(version, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
