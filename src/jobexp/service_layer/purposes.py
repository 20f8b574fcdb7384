"""Running the purpose check at the start of a unit of work (the one gate for personal data)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from jobexp.clock import Clock
from jobexp.domain.purposes import Access, Decision, UserChoices
from jobexp.service_layer.policy_releases import PolicyRegistry
from jobexp.types import DEFAULT_TIME_ZONE


class ChoicesSource(Protocol):
    """Where the guard reads a user's consents and accepted release: the unit of work."""

    def user_choices(self, user_id: str) -> UserChoices: ...


@dataclass(frozen=True)
class PurposeGuard:
    registry: PolicyRegistry
    clock: Clock
    enabled: bool = True  # False only in benchmarks that measure the check's own cost

    def decide(
        self, accesses: Sequence[Access], subject: str | None, source: ChoicesSource
    ) -> tuple[Access, Decision] | None:
        """The first refused access with its decision, or None if every access is allowed."""
        if not self.enabled:
            return None
        rules = self.registry.published().rules
        today = self.clock.now().astimezone(ZoneInfo(DEFAULT_TIME_ZONE)).date()
        choices: UserChoices | None = None
        for access in accesses:
            if subject is not None and choices is None and rules.needs_user(access):
                choices = source.user_choices(subject)
            decision = rules.decide(access, choices, today)
            if not decision.allowed:
                return access, decision
        return None
