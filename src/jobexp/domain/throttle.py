"""Login throttling that stops guessing without locking the real user out.

The scheme is OWASP's "device cookie": a browser or device that has signed in to an account
before carries a proof of it. Failures from such a trusted client count only against that
client. Failures from anyone else count against the client address and against the account
for untrusted clients, so an attacker who floods an account shuts out only untrusted clients,
never the owner's own browser or device.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from math import ceil


class Scope(Enum):
    CLIENT = "client"
    ACCOUNT = "account"
    TRUSTED = "trusted"


@dataclass(frozen=True)
class Rule:
    limit: int
    window: timedelta


@dataclass(frozen=True)
class ThrottlePolicy:
    client: Rule = field(default_factory=lambda: Rule(30, timedelta(minutes=15)))
    account: Rule = field(default_factory=lambda: Rule(10, timedelta(minutes=15)))
    trusted: Rule = field(default_factory=lambda: Rule(10, timedelta(minutes=15)))

    def rule(self, scope: Scope) -> Rule:
        return {Scope.CLIENT: self.client, Scope.ACCOUNT: self.account}.get(scope, self.trusted)

    @property
    def longest_window(self) -> timedelta:
        return max(self.client.window, self.account.window, self.trusted.window)


@dataclass(frozen=True)
class AttemptKeys:
    """Pseudonymous keys of one login attempt; `trusted` is set for a proven device."""

    account: str
    client: str
    trusted: str | None = None

    def scopes(self) -> list[tuple[Scope, str]]:
        if self.trusted is not None:
            return [(Scope.TRUSTED, self.trusted)]
        return [(Scope.CLIENT, self.client), (Scope.ACCOUNT, self.account)]


def retry_after(rule: Rule, failures: Sequence[datetime], now: datetime) -> int:
    """Seconds until the window holds fewer than `rule.limit` failures; 0 if it does now."""
    recent = sorted(t for t in failures if now - t < rule.window)
    if len(recent) < rule.limit:
        return 0
    frees_at = recent[len(recent) - rule.limit] + rule.window
    return max(1, ceil((frees_at - now).total_seconds()))
