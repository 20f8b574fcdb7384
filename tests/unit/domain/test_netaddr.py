"""Address truncation and browser facts of decision D12."""

from __future__ import annotations

import pytest

from jobexp.domain.netaddr import browser_family, primary_language, truncate_ip


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:abcd:12::1", "2001:db8:abcd::/48"),
        ("::ffff:198.51.100.9", "198.51.100.0/24"),
        ("not an ip", "unknown"),
        (None, "unknown"),
    ],
)
def test_addresses_are_cut_to_their_network(address: str | None, network: str) -> None:
    assert truncate_ip(address) == network


def test_browser_type_keeps_only_the_family() -> None:
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0.0.0 Safari/537.36"
    assert browser_family(ua) == "Chrome"


def test_language_is_the_first_tag_only() -> None:
    assert primary_language("zh-CN,zh;q=0.9,en;q=0.8") == "zh-CN"


def test_language_header_junk_is_stripped() -> None:
    assert primary_language("<script>") == "script"
