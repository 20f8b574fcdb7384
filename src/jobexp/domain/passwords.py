"""Password rules of decision D10 (NIST SP 800-63B): length and a blocklist, nothing else."""

from __future__ import annotations

from collections.abc import Container
from typing import Protocol

from jobexp.domain.errors import InvalidInput

MIN_LENGTH = 8
MAX_LENGTH = 128  # D10 asks that at least 64 be allowed


class PasswordHasher(Protocol):
    # A hash of no password, verified against when no account matches (no timing oracle).
    dummy_hash: str

    def hash(self, password: str) -> str: ...

    def verify(self, stored_hash: str, password: str) -> bool: ...

    def needs_rehash(self, stored_hash: str) -> bool: ...


def check_new_password(password: str, common_passwords: Container[str]) -> None:
    """Raise InvalidInput if the password is too short, too long, or commonly used."""
    length = len(password)
    if length < MIN_LENGTH:
        raise InvalidInput("password.too_short", min=MIN_LENGTH)
    if length > MAX_LENGTH:
        raise InvalidInput("password.too_long", max=MAX_LENGTH)
    if password.casefold() in common_passwords:
        raise InvalidInput("password.common")
