"""The client address: from forwarding headers only when a trusted proxy sent them."""

from __future__ import annotations

from ipaddress import ip_network

from jobexp.entrypoints.proxies import client_address

TRUSTED = (ip_network("10.0.0.0/8"), ip_network("fd00::/8"))


def _headers(**values: str) -> list[tuple[bytes, bytes]]:
    return [(name.replace("_", "-").encode(), value.encode()) for name, value in values.items()]


def test_an_untrusted_peer_is_the_client_whatever_it_claims() -> None:
    headers = _headers(x_forwarded_for="203.0.113.7", forwarded="for=198.51.100.1")
    assert client_address("192.0.2.10", headers, TRUSTED) == "192.0.2.10"


def test_with_no_trusted_proxies_the_peer_is_always_the_client() -> None:
    assert client_address("10.0.0.2", _headers(x_forwarded_for="203.0.113.7"), ()) == "10.0.0.2"


def test_a_trusted_peer_names_the_client_in_x_forwarded_for() -> None:
    headers = _headers(x_forwarded_for="203.0.113.7")
    assert client_address("10.0.0.2", headers, TRUSTED) == "203.0.113.7"


def test_hops_a_client_wrote_itself_are_ignored() -> None:
    # The client sent "198.51.100.1"; the proxy appended the address it really saw.
    headers = _headers(x_forwarded_for="198.51.100.1, 203.0.113.7, 10.1.2.3")
    assert client_address("10.0.0.2", headers, TRUSTED) == "203.0.113.7"


def test_the_forwarded_header_is_read_with_ports_and_ipv6() -> None:
    headers = _headers(forwarded='for="[2001:db8::17]:4711";proto=https, for=10.9.9.9')
    assert client_address("fd00::1", headers, TRUSTED) == "2001:db8::17"


def test_forwarded_wins_over_x_forwarded_for() -> None:
    headers = _headers(forwarded="for=203.0.113.7:80", x_forwarded_for="198.51.100.1")
    assert client_address("10.0.0.2", headers, TRUSTED) == "203.0.113.7"


def test_a_garbled_hop_falls_back_to_the_peer() -> None:
    headers = _headers(x_forwarded_for="unknown")
    assert client_address("10.0.0.2", headers, TRUSTED) == "10.0.0.2"


def test_a_trusted_peer_without_headers_is_the_client() -> None:
    assert client_address("10.0.0.2", [], TRUSTED) == "10.0.0.2"
