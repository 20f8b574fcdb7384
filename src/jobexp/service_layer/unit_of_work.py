"""One transaction per use case, opened by a purpose check; nothing is kept unless committed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from types import TracebackType
from typing import Protocol, Self, TypeVar

from jobexp.adapters.database import Database, Transaction
from jobexp.adapters.deletion_records import DeletionRecords
from jobexp.adapters.repositories import Acceptances, Consents
from jobexp.adapters.store import Store
from jobexp.domain import purpose_scope
from jobexp.domain.purposes import Access, Decision, PurposeDenied, UserChoices
from jobexp.types import UserId

S = TypeVar("S", bound=Store)


class Guard(Protocol):
    """The purpose check a unit of work opens with (`purposes.PurposeGuard`); a port, so this
    module needs nothing of the purposes module, which reaches policy releases and back here."""

    def decide(
        self, accesses: Sequence[Access], subject: UserId | None, source: UnitOfWork
    ) -> tuple[Access, Decision] | None: ...


DenyHook = Callable[[Access, Decision, UserId | None], None]


class UnitOfWork:
    """Opens a transaction; rolls back on exit unless `commit()` ran.

    Given `accesses`, it first runs the purpose check for them (about `subject`, the user
    whose data it is): a refusal closes the transaction, is reported to `on_denied` (which
    audits it) and raises. Stores over personal data work only inside this scope; a use case
    asks for the ones it needs by type, `uow.get(Tasks)`.
    """

    def __init__(
        self,
        database: Database,
        *,
        readonly: bool = False,
        accesses: Sequence[Access] = (),
        subject: UserId | None = None,
        guard: Guard | None = None,
        on_denied: DenyHook | None = None,
    ) -> None:
        if accesses and guard is None:
            raise ValueError("a unit of work that names accesses needs the purpose guard")
        self._database = database
        self._readonly = readonly
        self._accesses = tuple(accesses)
        self._subject = subject
        self._guard = guard
        self._on_denied = on_denied
        self._transaction: Transaction | None = None
        self._scope = ExitStack()

    def __enter__(self) -> Self:
        self._transaction = self._database.begin(readonly=self._readonly)
        try:
            if self._accesses:
                self.check(*self._accesses, subject=self._subject)
        except BaseException:
            # __exit__ never runs when __enter__ raises: return the connection here, on every
            # path (a refusal, a failing guard, an interrupt), not when the collector finds it.
            self._scope.close()
            self._close()
            raise
        return self

    def get(self, kind: type[S]) -> S:
        """The store of this type, over this unit of work's transaction."""
        return self._require().get(kind)

    def check(self, *accesses: Access, subject: UserId | None = None) -> None:
        """Run the purpose check for more accesses inside this transaction, widening the scope.

        For a use case that learns whose data it handles only after a first read (a request
        knows its session token, not its user).
        """
        if self._guard is None:
            raise ValueError("this unit of work has no purpose guard")
        categories = {c for access in accesses for c in access.categories}
        # The guard reads consents, which are themselves personal data under this check.
        with purpose_scope.authorized({"consent_records"}):
            refused = self._guard.decide(accesses, subject, self)
        if refused is not None:
            self._close()
            if self._on_denied is not None:
                self._on_denied(*refused, subject)
            raise PurposeDenied(*refused)
        self._scope.enter_context(purpose_scope.authorized(categories))

    def under_legal_hold(self, user_ref: str) -> bool:
        """Whether a legal hold names this user (legal holds are deletion records)."""
        return bool(self.get(DeletionRecords).active_holds(user_ref))

    def user_choices(self, user_id: UserId) -> UserChoices:
        return UserChoices(
            consents=self.get(Consents).granted(user_id),
            accepted_release=self.get(Acceptances).accepted_release(user_id),
        )

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._scope.close()
        self._close()

    def _close(self) -> None:
        transaction = self._transaction
        if transaction is None:
            return
        self._transaction = None
        transaction.close()

    def rollback(self) -> None:
        """End the transaction now, keeping nothing, and give the connection back (a use
        case about to record a refusal in a transaction of its own)."""
        self._scope.close()
        self._close()

    def commit(self) -> None:
        if self._readonly:
            raise RuntimeError("a read-only unit of work cannot commit")
        self._require().commit()

    def _require(self) -> Transaction:
        if self._transaction is None:
            raise RuntimeError("the unit of work is not open")
        return self._transaction
