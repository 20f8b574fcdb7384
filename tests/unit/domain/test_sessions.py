"""Session lifetime rules of decision D10."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jobexp.domain.sessions import SessionRecord, new_token, token_digest
from jobexp.types import UserId

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _session(**changes: object) -> SessionRecord:
    values: dict[str, object] = {
        "id": "s1",
        "user_id": UserId("u1"),
        "kind": "web",
        "created_at": T0,
        "last_seen_at": T0,
        "idle_timeout": timedelta(minutes=30),
        "absolute_expires_at": T0 + timedelta(hours=12),
    }
    values.update(changes)
    return SessionRecord(**values)  # type: ignore[arg-type]


def test_tokens_carry_at_least_128_bits_and_differ() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(t) >= 22 for t in tokens)  # 22 url-safe base64 characters = 132 bits


def test_digest_is_not_the_token() -> None:
    token = new_token()
    assert token not in token_digest(token)


def test_session_expires_after_idle_timeout() -> None:
    session = _session()
    assert session.is_live(T0 + timedelta(minutes=29))
    assert not session.is_live(T0 + timedelta(minutes=30))


def test_activity_does_not_extend_past_absolute_timeout() -> None:
    session = _session(last_seen_at=T0 + timedelta(hours=11, minutes=59))
    assert not session.is_live(T0 + timedelta(hours=12))


def test_ended_session_is_not_live() -> None:
    assert not _session(ended_at=T0).is_live(T0 + timedelta(seconds=1))


def test_last_seen_is_refreshed_at_most_once_a_minute() -> None:
    session = _session()
    assert not session.should_touch(T0 + timedelta(seconds=59))
    assert session.should_touch(T0 + timedelta(seconds=60))
