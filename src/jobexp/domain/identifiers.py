"""Sign-up identifiers: an email address or a mainland China mobile number."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from jobexp.domain.errors import InvalidInput
from jobexp.types import IdentifierKind

MAX_IDENTIFIER_LENGTH = 254


@dataclass(frozen=True)
class LoginIdentifier:
    kind: IdentifierKind
    value: str  # normalized: lower-cased email, or E.164 (+86...) mobile number

    def masked(self) -> str:
        """A form safe to show on a shared screen: keeps the shape, hides the middle."""
        if self.kind == "email":
            local, _, domain = self.value.partition("@")
            return f"{local[:1]}***@{domain}"
        return f"{self.value[:6]}****{self.value[-2:]}"


def parse_identifier(raw: str) -> LoginIdentifier:
    """Accept an email or a mainland mobile number, or raise InvalidInput."""
    text = raw.strip()
    if not text or len(text) > MAX_IDENTIFIER_LENGTH or not text.isprintable():
        raise InvalidInput("identifier.invalid")
    if "@" in text:
        return LoginIdentifier("email", _normalize_email(text))
    return LoginIdentifier("mobile", _normalize_mainland_mobile(text))


def _normalize_email(text: str) -> str:
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput("identifier.invalid_email") from exc
    return result.normalized.casefold()


def _normalize_mainland_mobile(text: str) -> str:
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput("identifier.invalid_mobile") from exc
    is_mobile = phonenumbers.number_type(number) in {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
    in_mainland = phonenumbers.region_code_for_number(number) == "CN"
    if not (phonenumbers.is_valid_number(number) and is_mobile and in_mainland):
        raise InvalidInput("identifier.invalid_mobile")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
