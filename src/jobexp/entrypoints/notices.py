"""The redirect notices shown before data goes to a third party (1d; D3), in both languages."""

from __future__ import annotations

from collections.abc import Iterable

from jobexp.i18n import translate
from jobexp.service_layer.context import Services
from jobexp.service_layer.tickets import RECIPIENT as TICKET_PARTNER
from jobexp.types import Locale

__all__ = ["leaving", "partner_name", "sending"]


def _fields(fields: Iterable[str], locale: Locale) -> str:
    separator = translate("assistant.field.separator", locale)
    return separator.join(translate(f"assistant.field.{f}", locale) for f in fields)


def leaving(provider: str, fields: Iterable[str], locale: Locale) -> str:
    """Shown before the browser or app opens the provider's page."""
    return translate(
        "assistant.notice.leaving", locale, provider=provider, fields=_fields(fields, locale)
    )


def sending(provider: str, fields: Iterable[str], locale: Locale) -> str:
    """Shown before JobExp sends the request to a partner on the user's behalf."""
    return translate(
        "assistant.notice.sending", locale, provider=provider, fields=_fields(fields, locale)
    )


def partner_name(svc: Services, locale: Locale) -> str:
    policy = svc.policies.published().current.policy
    return policy.recipient(TICKET_PARTNER).name.in_locale(locale)
