"""Sessions (decision D10): random tokens, idle and absolute timeouts, server-side end."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from jobexp.types import SessionKind, UserId

TOKEN_BYTES = 32  # 256 bits, above ASVS's 128-bit floor
LAST_SEEN_GRANULARITY = timedelta(seconds=60)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """What the database holds: a stolen table yields no usable token."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SessionRecord:
    id: str
    user_id: UserId
    kind: SessionKind
    created_at: datetime
    last_seen_at: datetime
    idle_timeout: timedelta
    absolute_expires_at: datetime
    ended_at: datetime | None = None

    def is_live(self, now: datetime) -> bool:
        return (
            self.ended_at is None
            and now < self.absolute_expires_at
            and now < self.last_seen_at + self.idle_timeout
        )

    def expires_at(self) -> datetime:
        return min(self.absolute_expires_at, self.last_seen_at + self.idle_timeout)

    def should_touch(self, now: datetime) -> bool:
        """Refresh last-seen coarsely, so that a read does not become a write every time."""
        return now - self.last_seen_at >= LAST_SEEN_GRANULARITY
