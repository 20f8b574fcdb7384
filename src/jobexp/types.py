"""Type aliases shared across layers."""

from __future__ import annotations

from typing import Literal, NewType

UserId = NewType("UserId", str)
SessionId = NewType("SessionId", str)
DeviceId = NewType("DeviceId", str)
Pseudonym = NewType("Pseudonym", str)

Locale = Literal["en", "zh-CN"]
SessionKind = Literal["web", "device"]
IdentifierKind = Literal["email", "mobile"]
Channel = Literal["web", "api", "device", "cli"]

LOCALES: tuple[Locale, ...] = ("en", "zh-CN")
DEFAULT_TIME_ZONE = "Asia/Shanghai"
