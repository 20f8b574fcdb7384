"""Failures of the third parties the assistant talks to (weather, the ticket partner)."""

from __future__ import annotations

from jobexp.domain.errors import DomainError

__all__ = ["NotDelivered", "ProviderUnavailable"]


class ProviderUnavailable(DomainError):
    """A third party did not answer, or answered something we cannot read (shown as 503)."""

    key = "assistant.provider_unavailable"


class NotDelivered(ProviderUnavailable):
    """The provider could not even be reached: nothing left JobExp."""
