"""The parts every use case needs, built once by the composition root (bootstrap.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from jobexp.adapters.database import Database
from jobexp.adapters.key_vault import KeyVault
from jobexp.adapters.keys import KeyStore, Pseudonymizer
from jobexp.clock import Clock
from jobexp.config import Settings
from jobexp.domain.passwords import PasswordHasher
from jobexp.domain.purposes import Access, Decision
from jobexp.policy.loader import service_agreement_version
from jobexp.service_layer.policy_releases import PolicyRegistry
from jobexp.service_layer.purposes import PurposeGuard
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import Channel, UserId


@dataclass(frozen=True)
class Documents:
    """Content hashes of what a user accepts at sign-up."""

    privacy_policy: str
    service_agreement: str


DenialAuditor = Callable[["Services", Access, Decision, "UserId | None"], None]


@dataclass(frozen=True)
class DerivedKeys:
    """One key per purpose, derived from the master key once at start."""

    pseudonym: Pseudonymizer  # user and session identifiers in the audit log
    identifier_index: Pseudonymizer  # blind index to find an account by email/mobile
    client_hash: Pseudonymizer  # client addresses in the audit log and throttle
    trusted_device: Pseudonymizer  # proofs that a browser signed in to an account before
    csrf: Pseudonymizer  # CSRF tokens bound to the browser's CSRF cookie
    audit_seal: bytes
    ledger_seal: bytes

    def user_tag(self, user_id: UserId) -> str:
        """The pseudonym that names a user in the audit log, deletion records and holds."""
        return self.pseudonym.short(f"user:{user_id}")

    @classmethod
    def from_store(cls, keys: KeyStore) -> DerivedKeys:
        def pseudo(purpose: str) -> Pseudonymizer:
            return Pseudonymizer(keys.derive(purpose))

        return cls(
            pseudonym=pseudo("audit-pseudonym"),
            identifier_index=pseudo("identifier-index"),
            client_hash=pseudo("client-address"),
            trusted_device=pseudo("trusted-device"),
            csrf=pseudo("csrf"),
            audit_seal=keys.derive("audit-seal"),
            ledger_seal=keys.derive("disclosure-ledger-seal"),
        )


@dataclass(frozen=True)
class Services:
    """The core every use case may need; a feature's own parts are passed to it explicitly."""

    settings: Settings
    database: Database
    clock: Clock
    keys: KeyStore
    vault: KeyVault  # each user's wrapped data key, apart from the database (D7)
    derived: DerivedKeys
    hasher: PasswordHasher
    policies: PolicyRegistry
    guard: PurposeGuard
    audit_denial: DenialAuditor

    @property
    def documents(self) -> Documents:
        """The versions in force now (a publish elsewhere shows up within seconds)."""
        current = self.policies.published().current.version
        return Documents(privacy_policy=current, service_agreement=_agreement_version())

    def uow(
        self, *accesses: Access, subject: UserId | None = None, readonly: bool = False
    ) -> UnitOfWork:
        """A unit of work that first runs the purpose check for `accesses` about `subject`."""
        return UnitOfWork(
            self.database,
            readonly=readonly,
            accesses=accesses,
            subject=subject,
            guard=self.guard,
            on_denied=lambda access, decision, who: self.audit_denial(self, access, decision, who),
        )


@cache
def _agreement_version() -> str:
    """The agreement ships with the code: hashed once per process."""
    return service_agreement_version()


@dataclass(frozen=True)
class RequestContext:
    """Who is asking, reduced to what the records may keep."""

    client_ip: str | None
    channel: Channel
