"""Running the purpose check at the start of a unit of work (the one gate for personal data)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol
from zoneinfo import ZoneInfo

from jobexp.clock import Clock
from jobexp.domain.purposes import (
    ON_HOLD,
    Access,
    Decision,
    PurposeRules,
    UserChoices,
    frozen_by_hold,
)
from jobexp.service_layer.policy_releases import PolicyRegistry
from jobexp.types import DEFAULT_TIME_ZONE, UserId


class ChoicesSource(Protocol):
    """Where the guard reads a user's consents, accepted release and legal holds: the unit
    of work."""

    def user_choices(self, user_id: UserId) -> UserChoices: ...

    def under_legal_hold(self, user_ref: str) -> bool: ...


@dataclass(frozen=True)
class PurposeGuard:
    registry: PolicyRegistry
    clock: Clock
    enabled: bool = True  # False only in benchmarks that measure the check's own cost
    # The pseudonym legal holds name a user by; None: holds are not checked (unit tests).
    hold_ref: Callable[[UserId], str] | None = None
    _settled: dict[int, tuple[PurposeRules, tuple[Access, ...], bool]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def allows_without_user(self, accesses: tuple[Access, ...]) -> bool:
        """Whether every access is allowed on the policy alone, needing no user's choices.

        Without a recipient the answer depends only on the rules in force, so it is kept per
        rules object and per (constant) tuple of accesses: one lookup on a hot path.
        """
        if not self.enabled:
            return True
        rules = self.registry.published().rules
        known = self._settled.get(id(accesses))
        if known is not None and known[0] is rules and known[1] is accesses:
            return known[2]
        today = self._today()
        allowed = all(
            not rules.needs_user(a) and rules.decide(a, None, today).allowed for a in accesses
        )
        if all(a.recipient is None for a in accesses):
            self._settled[id(accesses)] = (rules, accesses, allowed)
        return allowed

    def _today(self) -> date:
        return self.clock.now().astimezone(ZoneInfo(DEFAULT_TIME_ZONE)).date()

    def decide(
        self, accesses: Sequence[Access], subject: UserId | None, source: ChoicesSource
    ) -> tuple[Access, Decision] | None:
        """The first refused access with its decision, or None if every access is allowed."""
        if not self.enabled:
            return None
        rules = self.registry.published().rules
        today = self._today()
        choices: UserChoices | None = None
        held: bool | None = None
        for access in accesses:
            if subject is not None and choices is None and rules.needs_user(access):
                choices = source.user_choices(subject)
            decision = rules.decide(access, choices, today)
            if not decision.allowed:
                return access, decision
            if subject is not None and self.hold_ref is not None and frozen_by_hold(access):
                if held is None:
                    held = source.under_legal_hold(self.hold_ref(subject))
                if held:
                    return access, ON_HOLD
        return None
