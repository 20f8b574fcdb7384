"""The device's own state directory: per-install secret, settings and bearer token (D9).

Everything here stays on the device. The only thing derived from the secret that ever leaves
is the anonymized device identifier: an HMAC-SHA256 of a fixed label under the secret, so it
is stable for this install, unlinkable to hardware (never IMEI or MAC) and new after a reset.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = [
    "DEVICE_DIR_ENV",
    "DeviceSettings",
    "DeviceState",
    "NotInitialized",
    "default_device_dir",
]

DEVICE_DIR_ENV = "JOBEXP_DEVICE_DIR"
SECRET_BYTES = 32  # 256 bits
DEVICE_ID_LABEL = b"jobexp device identifier v1"


class NotInitialized(Exception):
    """`jobexp device init` has not run in this device directory."""


@dataclass(frozen=True)
class DeviceSettings:
    server: str
    network_code: str
    country_code: str
    identifier: str  # the account's email or mobile number, kept to offer a re-login
    time_zone: str = "Asia/Shanghai"  # the account's, read from the server at init
    locale: str = "en"


def default_device_dir(environ: Mapping[str, str] = os.environ) -> Path:
    configured = environ.get(DEVICE_DIR_ENV)
    return Path(configured) if configured else Path.home() / ".jobexp-device"


def _write_private(path: Path, data: bytes) -> None:
    """Write a file only the owner can read, atomically, never briefly wider than 0600."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)


class DeviceState:
    """The files of one device directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.secret_file = directory / "install.secret"
        self.settings_file = directory / "settings.json"
        self.token_file = directory / "token"
        self.store_file = directory / "local.sqlite3"
        self.places_file = directory / "places.json"

    def ensure_directory(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)

    def install_secret(self) -> bytes:
        """The per-install secret, created on first use and kept thereafter."""
        if self.secret_file.exists():
            return self.secret_file.read_bytes()
        self.ensure_directory()
        secret = secrets.token_bytes(SECRET_BYTES)
        _write_private(self.secret_file, secret)
        return secret

    def device_id(self) -> str:
        if not self.secret_file.exists():
            raise NotInitialized
        return anonymized_device_id(self.secret_file.read_bytes())

    def save_settings(self, settings: DeviceSettings) -> None:
        self.ensure_directory()
        _write_private(self.settings_file, json.dumps(asdict(settings)).encode())

    def settings(self) -> DeviceSettings:
        try:
            raw = json.loads(self.settings_file.read_text(encoding="utf-8"))
            return DeviceSettings(**raw)
        except (OSError, ValueError, TypeError) as exc:
            raise NotInitialized from exc

    def save_token(self, token: str) -> None:
        self.ensure_directory()
        _write_private(self.token_file, token.encode())

    def token(self) -> str | None:
        try:
            return self.token_file.read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    def forget_token(self) -> None:
        self.token_file.unlink(missing_ok=True)

    def save_places(self, places: Mapping[str, str]) -> None:
        """The user's saved place labels and ids (server data, cached for the slot lists)."""
        self.ensure_directory()
        _write_private(self.places_file, json.dumps(dict(places), ensure_ascii=False).encode())

    def places(self) -> dict[str, str]:
        try:
            raw = json.loads(self.places_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def anonymized_device_id(secret: bytes) -> str:
    """64 hex digits, as the server's DeviceIn requires; reveals nothing about the device."""
    return hmac.new(secret, DEVICE_ID_LABEL, hashlib.sha256).hexdigest()
