"""One transaction per use case, opened by a purpose check; nothing is kept unless committed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from types import TracebackType
from typing import Protocol, Self

from sqlalchemy import Connection, Engine

from jobexp.adapters import assistant_repositories as assistant_repo
from jobexp.adapters import repositories as repo
from jobexp.adapters.deletion_records import DeletionRecords
from jobexp.adapters.ledger import DisclosureLedger
from jobexp.domain import purpose_scope
from jobexp.domain.purposes import Access, Decision, PurposeDenied, UserChoices


class Guard(Protocol):
    """The purpose check a unit of work opens with (`purposes.PurposeGuard`); a port, so this
    module needs nothing of the purposes module, which reaches policy releases and back here."""

    def decide(
        self, accesses: Sequence[Access], subject: str | None, source: UnitOfWork
    ) -> tuple[Access, Decision] | None: ...


DenyHook = Callable[[Access, Decision, str | None], None]


class UnitOfWork:
    """Opens a connection and a transaction; rolls back on exit unless `commit()` ran.

    Given `accesses`, it first runs the purpose check for them (about `subject`, the user
    whose data it is): a refusal closes the transaction, is reported to `on_denied` (which
    audits it) and raises. Repositories over personal data work only inside this scope.
    """

    accounts: repo.Accounts
    acceptances: repo.Acceptances
    sessions: repo.Sessions
    devices: repo.Devices
    login_failures: repo.LoginFailures
    audit: repo.AuditLog
    access_log: repo.AccessLog
    consents: repo.Consents
    policy_releases: repo.PolicyReleases
    tasks: assistant_repo.Tasks
    saved_places: assistant_repo.SavedPlaces
    ledger: DisclosureLedger

    def __init__(
        self,
        engine: Engine,
        *,
        readonly: bool = False,
        accesses: Sequence[Access] = (),
        subject: str | None = None,
        guard: Guard | None = None,
        on_denied: DenyHook | None = None,
    ) -> None:
        if accesses and guard is None:
            raise ValueError("a unit of work that names accesses needs the purpose guard")
        self._engine = engine
        self._readonly = readonly
        self._accesses = tuple(accesses)
        self._subject = subject
        self._guard = guard
        self._on_denied = on_denied
        self._connection: Connection | None = None
        self._scope = ExitStack()

    def __enter__(self) -> Self:
        connection = self._engine.connect()
        try:
            if self._readonly:
                connection.execution_options(jobexp_readonly=True)
            connection.begin()
        except BaseException:
            connection.close()  # a busy or unreachable database must not leak the connection
            raise
        self._connection = connection
        try:
            self._bind(connection)
            if self._accesses:
                self.check(*self._accesses, subject=self._subject)
        except BaseException:
            # `with` calls no __exit__ when __enter__ raises: a refusal, or any error from the
            # guard, must give the connection back here, not leave it to the garbage collector.
            self._scope.close()
            self._close()
            raise
        return self

    def _bind(self, connection: Connection) -> None:
        self.accounts = repo.Accounts(connection)
        self.acceptances = repo.Acceptances(connection)
        self.sessions = repo.Sessions(connection)
        self.devices = repo.Devices(connection)
        self.login_failures = repo.LoginFailures(connection)
        self.audit = repo.AuditLog(connection)
        self.access_log = repo.AccessLog(connection)
        self.consents = repo.Consents(connection)
        self.policy_releases = repo.PolicyReleases(connection)
        self.tasks = assistant_repo.Tasks(connection)
        self.saved_places = assistant_repo.SavedPlaces(connection)
        self.ledger = DisclosureLedger(connection)

    def check(self, *accesses: Access, subject: str | None = None) -> None:
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
        return bool(DeletionRecords(self._require()).active_holds(user_ref))

    def user_choices(self, user_id: str) -> UserChoices:
        return UserChoices(
            consents=self.consents.granted(user_id),
            accepted_release=self.acceptances.accepted_release(user_id),
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
        connection = self._connection
        if connection is None:
            return
        self._connection = None
        try:
            if connection.in_transaction():
                connection.rollback()
        finally:
            connection.close()

    def commit(self) -> None:
        if self._readonly:
            raise RuntimeError("a read-only unit of work cannot commit")
        self._require().commit()

    @property
    def connection(self) -> Connection:
        return self._require()

    def _require(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("the unit of work is not open")
        return self._connection
