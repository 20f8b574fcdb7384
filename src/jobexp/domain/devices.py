"""What a device may send about itself (clauses 1a, 9a; decision D9).

An anonymized device identifier (a keyed hash of a per-install secret), its mobile network
code and its country code: nothing else, and never IMEI, MAC, phone number or contacts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobexp.domain.errors import InvalidInput

ANONYMIZED_ID = re.compile(r"[0-9a-f]{64}")
NETWORK_CODE = re.compile(r"[0-9]{5,6}")  # MCC (3 digits) followed by MNC (2 or 3)
COUNTRY_CODE = re.compile(r"[A-Z]{2}")  # ISO 3166-1 alpha-2
ALLOWED_FIELDS = frozenset({"device_id", "network_code", "country_code"})


@dataclass(frozen=True)
class DeviceFacts:
    device_id: str
    network_code: str
    country_code: str

    def __post_init__(self) -> None:
        if not ANONYMIZED_ID.fullmatch(self.device_id):
            raise InvalidInput("device.id_not_anonymized")
        if not NETWORK_CODE.fullmatch(self.network_code):
            raise InvalidInput("device.bad_network_code")
        if not COUNTRY_CODE.fullmatch(self.country_code):
            raise InvalidInput("device.bad_country_code")
