"""Reducing client addresses before anything stores them (decision D12)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

IPV4_PREFIX = 24
IPV6_PREFIX = 48


@lru_cache(maxsize=4096)
def truncate_ip(address: str | None) -> str:
    """Return the /24 (IPv4) or /48 (IPv6) network of an address, or 'unknown'."""
    if not address:
        return "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


@lru_cache(maxsize=1024)  # a handful of distinct values carry almost all traffic
def browser_family(user_agent: str | None) -> str:
    """The browser type from a User-Agent, without the rest of the fingerprint."""
    if not user_agent:
        return "unknown"
    ua = user_agent
    for marker, name in (
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
        ("python-httpx/", "httpx"),
        ("jobexp-agent/", "jobexp-agent"),
    ):
        if marker in ua:
            return name
    return "other"


@lru_cache(maxsize=1024)
def primary_language(accept_language: str | None) -> str:
    """The first language tag the client asks for, bounded in length."""
    if not accept_language:
        return "unknown"
    first = accept_language.split(",", 1)[0].split(";", 1)[0].strip()
    cleaned = "".join(ch for ch in first if ch.isalnum() or ch == "-")[:35]
    return cleaned or "unknown"
