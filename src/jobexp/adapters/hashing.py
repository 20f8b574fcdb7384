"""Password hashing with argon2id (decision D10), behind the domain's PasswordHasher."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher as Argon2Hasher
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError

from jobexp.config import HashingCapacity, PasswordHashing
from jobexp.domain.errors import Busy

T = TypeVar("T")


class Argon2idHasher:
    def __init__(self, cost: PasswordHashing) -> None:
        self._hasher = Argon2Hasher(
            time_cost=cost.time_cost,
            memory_cost=cost.memory_cost_kib,
            parallelism=cost.parallelism,
            type=Type.ID,
        )
        # Verified against when the account does not exist, so both paths cost the same.
        self.dummy_hash = self._hasher.hash("jobexp-no-such-account")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        return self._hasher.check_needs_rehash(stored_hash)


class BoundedHasher:
    """argon2id on a few threads of its own (about one per core) with a bounded queue.

    A burst of sign-ups and logins beyond `workers + queue` is refused at once with Busy
    (503 and Retry-After) instead of filling the server's request threads, which every
    other request needs (issue 13).
    """

    def __init__(self, inner: Argon2idHasher, capacity: HashingCapacity) -> None:
        self._inner = inner
        self._executor = ThreadPoolExecutor(
            capacity.workers, thread_name_prefix="argon2id", initializer=_yield_the_cpu
        )
        self._slots = threading.BoundedSemaphore(capacity.workers + capacity.queue)
        self.dummy_hash = inner.dummy_hash

    def hash(self, password: str) -> str:
        return self._run(self._inner.hash, password)

    def verify(self, stored_hash: str, password: str) -> bool:
        return self._run(self._inner.verify, stored_hash, password)

    def needs_rehash(self, stored_hash: str) -> bool:
        return self._inner.needs_rehash(stored_hash)  # parses the hash; no argon2 run

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)

    def _run(self, work: Callable[..., T], *args: str) -> T:
        if not self._slots.acquire(blocking=False):
            raise Busy()
        try:
            return self._executor.submit(work, *args).result()
        finally:
            self._slots.release()


# The nicest priority: any other request's thread and the event loop run first.
HASHING_NICENESS = 19


def _yield_the_cpu() -> None:
    """Lower this hashing thread's CPU priority (Linux sets it per thread, and argon2id's own
    lane threads inherit it): a storm of sign-ups then takes only the CPU nothing else wants."""
    if sys.platform == "linux":
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)
