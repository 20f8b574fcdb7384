"""What can go wrong for the device agent; light to import, so the CLI starts fast."""

from __future__ import annotations

__all__ = [
    "BadDeviceFacts",
    "CalendarUnreadable",
    "OutboundRefused",
    "ServerError",
    "ServerUnreachable",
    "SessionExpired",
]


class OutboundRefused(Exception):
    """A request would have carried something the device must not send. Nothing was sent."""

    def __init__(self, message: str, category: str | None = None) -> None:
        super().__init__(message)
        self.category = category  # which kind of local data it would have revealed


class ServerUnreachable(Exception):
    """No answer from the server (refused, timed out, name not found)."""


class SessionExpired(Exception):
    """The server no longer accepts the device's token: log in again."""


class ServerError(Exception):
    """The server answered with an error; carries its status and message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class CalendarUnreadable(Exception):
    """The file as a whole is not an iCalendar file."""


class BadDeviceFacts(Exception):
    """The network or country code is malformed (checked before anything is sent)."""
