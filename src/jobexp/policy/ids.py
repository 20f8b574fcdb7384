"""Typed constants for the policy's ids: how code names a purpose, category, recipient, clause.

policy.yaml is the source of these ids; this module is the code's vocabulary for them, so a
misspelt constant fails at import and under mypy, and tests/unit/policy/test_ids.py fails when a
constant names something the policy does not declare (or the policy declares one with no
constant). The members are `str`s, so they compare, hash and serialize as the ids themselves.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["CategoryId", "ClauseId", "PurposeId", "RecipientId"]


class PurposeId(StrEnum):
    """A purpose of processing (policy.yaml `purposes`)."""

    ACCOUNT = "account"
    MINOR_ACCOUNT = "minor_account"
    LOGIN_SECURITY = "login_security"
    CALLS_MESSAGES = "calls_messages"
    WEATHER = "weather"
    TASK_APPOINTMENTS = "task_appointments"
    CALENDAR = "calendar"
    NAVIGATION_SHARE = "navigation_share"
    TICKET_BOOKING_SHARE = "ticket_booking_share"
    PERSONALIZATION = "personalization"
    MARKETING = "marketing"
    SUPPORT_CALLBACK = "support_callback"
    AVATAR = "avatar"
    FILE_STORAGE = "file_storage"
    SECURITY_LOGGING = "security_logging"
    LEGAL_DISCLOSURE = "legal_disclosure"
    CROSS_BORDER_TRANSFER = "cross_border_transfer"
    CONSENT_MANAGEMENT = "consent_management"
    SEARCH = "search"
    RETENTION = "retention"
    DATA_RIGHTS = "data_rights"


class CategoryId(StrEnum):
    """A category of personal data (policy.yaml `categories`)."""

    ACCOUNT_IDENTIFIER = "account_identifier"
    PASSWORD_HASH = "password_hash"  # noqa: S105 - a category id, not a secret
    BIRTH_DATE = "birth_date"
    GUARDIAN_CONSENT = "guardian_consent"
    SESSION_RECORDS = "session_records"
    DEVICE_IDENTIFIER = "device_identifier"
    NETWORK_CODE = "network_code"
    COUNTRY_CODE = "country_code"
    CONTACT_NAMES = "contact_names"
    CALENDAR = "calendar"
    CALL_LOG = "call_log"
    LOCATION_COARSE = "location_coarse"
    LOCATION_PRECISE = "location_precise"
    VOICE_RECOGNITION_RESULTS = "voice_recognition_results"
    ACCESS_LOG = "access_log"
    AUDIT_LOG = "audit_log"
    CONSENT_RECORDS = "consent_records"
    PERSONALIZATION_PROFILE = "personalization_profile"
    DISCLOSURE_RECORDS = "disclosure_records"
    SEARCH_KEYWORDS = "search_keywords"
    AVATAR_PHOTO = "avatar_photo"
    USER_FILES = "user_files"
    MINORS_DATA = "minors_data"


class RecipientId(StrEnum):
    """A declared recipient of shared data (policy.yaml `recipients`)."""

    HOSTING_AFFILIATE = "hosting_affiliate"
    NAVIGATION_PROVIDER = "navigation_provider"
    TICKET_BOOKING_PARTNER = "ticket_booking_partner"
    MARKETING_PARTNER = "marketing_partner"


class ClauseId(StrEnum):
    """A clause of spec/privacy-policy.md (policy.yaml `clauses`), in document order."""

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    C1_0 = "1.0"
    C1_1 = "1.1"
    C1A = "1a"
    C1B = "1b"
    C1C = "1c"
    C1D = "1d"
    C2_0 = "2.0"
    C2A = "2a"
    C2B = "2b"
    C3A = "3a"
    C3B = "3b"
    C3C = "3c"
    C3X = "3x"
    C3X_A = "3x-a"
    C3X_B = "3x-b"
    C3X_C = "3x-c"
    C4A = "4a"
    C4B = "4b"
    C4C = "4c"
    C5_0 = "5.0"
    C5A = "5a"
    C5B = "5b"
    C5C = "5c"
    C5D = "5d"
    C5E = "5e"
    C5F = "5f"
    C5G = "5g"
    C6 = "6"
    C7A = "7a"
    C7B = "7b"
    C7C = "7c"
    C8A = "8a"
    C8B = "8b"
    C9A = "9a"
    C9B = "9b"
    C9C = "9c"
    C9D = "9d"
    C10 = "10"
    C11 = "11"
