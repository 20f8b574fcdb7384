"""Erasure notices to partners over HTTPS: one JSON POST to each partner's erasure URL.

A 2xx answer is the acknowledgement; anything else (a refusal, a timeout, no URL configured
for the recipient) raises DeliveryFailed and the outbox tries again later.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from jobexp.domain.erasure_notices import DeliveryFailed, ErasureNotice

__all__ = ["HttpPartnerNotifier"]

TIMEOUT_SECONDS = 10.0


class HttpPartnerNotifier:
    """Implements PartnerNotifier; `urls` maps a recipient id to its erasure endpoint."""

    def __init__(self, urls: Mapping[str, str], timeout: float = TIMEOUT_SECONDS) -> None:
        self._urls = dict(urls)
        self._timeout = timeout

    def notify(self, notice: ErasureNotice) -> None:
        url = self._urls.get(notice.recipient)
        if not url:
            raise DeliveryFailed(f"no erasure endpoint configured for {notice.recipient}")
        body = {
            "type": "erasure_request",
            "notice_id": notice.notice_id,
            "subject": notice.user_ref,
            "requested_at": notice.requested_at.isoformat(),
        }
        try:
            response = httpx.post(url, json=body, timeout=self._timeout, follow_redirects=False)
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"{notice.recipient}: {type(exc).__name__}") from exc
        if not response.is_success:
            raise DeliveryFailed(f"{notice.recipient}: HTTP {response.status_code}")
