"""What a device may say about itself (clauses 1a, 9a; D9)."""

from __future__ import annotations

import pytest

from jobexp.domain.devices import DeviceFacts
from jobexp.domain.errors import InvalidInput

GOOD_ID = "ab" * 32


def test_anonymized_identifier_with_network_and_country_is_accepted() -> None:
    DeviceFacts(GOOD_ID, "46000", "CN")


@pytest.mark.parametrize(
    ("device_id", "network", "country"),
    [
        ("356938035643809", "46000", "CN"),  # an IMEI
        ("00:1a:2b:3c:4d:5e", "46000", "CN"),  # a MAC address
        (GOOD_ID, "4600", "CN"),
        (GOOD_ID, "46000", "CHN"),
    ],
)
def test_raw_identifiers_and_bad_codes_are_refused(
    device_id: str, network: str, country: str
) -> None:
    with pytest.raises(InvalidInput):
        DeviceFacts(device_id, network, country)
