"""The port to partners that received a user's data: telling them to erase it (D7).

A notice names the user only by the pseudonym the partner was given (`user_ref`). `notify`
returns when the partner acknowledged, and raises `DeliveryFailed` otherwise; the outbox
retries with backoff until it acknowledges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

__all__ = ["DeliveryFailed", "ErasureNotice", "PartnerNotifier"]


@dataclass(frozen=True)
class ErasureNotice:
    recipient: str
    user_ref: str
    notice_id: str  # stable across retries, so the partner can deduplicate
    requested_at: datetime


class DeliveryFailed(Exception):
    """The partner did not acknowledge (unreachable, refused, not configured)."""


class PartnerNotifier(Protocol):
    def notify(self, notice: ErasureNotice) -> None:
        """Deliver `notice`; return only once the partner acknowledged it."""
        ...
