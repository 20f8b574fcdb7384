"""Errors the domain and service layer raise; entrypoints map them to status codes.

Each error carries a message key (looked up in the English and Chinese catalogues) and the
values that fill it, never personal data.
"""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    """Base: a refusal the user can understand and act on."""

    key: ClassVar[str] = "error.generic"

    def __init__(self, key: str | None = None, **params: object) -> None:
        self.message_key = key or self.key
        self.params = params
        super().__init__(self.message_key)


class InvalidInput(DomainError):
    key = "error.invalid_input"


class Conflict(DomainError):
    key = "error.conflict"


class DuplicateRow(Conflict):
    """A write the store refused because a row like it exists (a unique key): raised by the
    adapters in place of the driver's error; use cases re-raise it with what it means."""


class AuthenticationFailed(DomainError):
    key = "auth.failed"


class NotAuthenticated(DomainError):
    key = "auth.required"


class Forbidden(DomainError):
    key = "error.forbidden"


class NotFound(DomainError):
    key = "error.not_found"


class Throttled(DomainError):
    key = "auth.throttled"

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(retry_after=retry_after_seconds)
        self.retry_after_seconds = retry_after_seconds


class Busy(DomainError):
    """The server is at capacity for this kind of work (password hashing): try again soon."""

    key = "error.busy"

    def __init__(self, retry_after_seconds: int = 1) -> None:
        super().__init__(retry_after=retry_after_seconds)
        self.retry_after_seconds = retry_after_seconds
