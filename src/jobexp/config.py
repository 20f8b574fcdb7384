"""Settings read from the environment; the composition root turns them into parts."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class PasswordHashing:
    """argon2id cost; the default is RFC 9106's low-memory recommendation."""

    time_cost: int = 3
    memory_cost_kib: int = 65536
    parallelism: int = 4


@dataclass(frozen=True)
class SessionTimeouts:
    web_idle: timedelta = timedelta(minutes=30)
    web_absolute: timedelta = timedelta(hours=12)
    device_idle: timedelta = timedelta(days=14)
    device_absolute: timedelta = timedelta(days=90)


@dataclass(frozen=True)
class AssistantSettings:
    """Where the assistant's third parties are (env JOBEXP_WEATHER_URL and the rest)."""

    weather_url: str = "https://api.open-meteo.com"
    geocoding_url: str = "https://geocoding-api.open-meteo.com"
    provider_timeout_seconds: float = 5.0
    navigation_style: Literal["amap", "geo"] = "amap"
    navigation_url: str = "https://uri.amap.com"
    navigation_name: str = "AMap"
    # No partner unless both are set: booking then answers "unavailable".
    ticket_partner_url: str | None = None
    ticket_partner_key: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> AssistantSettings:
        default = cls()
        style = env.get("JOBEXP_NAVIGATION_STYLE", default.navigation_style)
        if style not in {"amap", "geo"}:
            raise ValueError("JOBEXP_NAVIGATION_STYLE must be amap or geo")
        return cls(
            weather_url=env.get("JOBEXP_WEATHER_URL", default.weather_url),
            geocoding_url=env.get("JOBEXP_GEOCODING_URL", default.geocoding_url),
            provider_timeout_seconds=float(
                env.get("JOBEXP_PROVIDER_TIMEOUT", default.provider_timeout_seconds)
            ),
            navigation_style="geo" if style == "geo" else "amap",
            navigation_url=env.get("JOBEXP_NAVIGATION_URL", default.navigation_url),
            navigation_name=env.get("JOBEXP_NAVIGATION_NAME", default.navigation_name),
            ticket_partner_url=env.get("JOBEXP_TICKET_PARTNER_URL") or None,
            ticket_partner_key=env.get("JOBEXP_TICKET_PARTNER_KEY") or None,
        )


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    local_development: bool = False
    max_body_bytes: int = 64 * 1024
    password_hashing: PasswordHashing = field(default_factory=PasswordHashing)
    timeouts: SessionTimeouts = field(default_factory=SessionTimeouts)
    access_log_flush_seconds: float = 1.0
    # How often the erasure job runs (a worker's, or an embedded server's in process; D7).
    erasure_interval_seconds: float = 60.0
    # How often the retention sweep runs (in a worker, or in process when embedded); 0: never.
    retention_sweep_seconds: float = 24 * 3600.0
    # How often queued shares (consented marketing shares, 4c) are sent; 0: never.
    share_interval_seconds: float = 60.0
    # The policy a fresh database starts with; None means the one shipped in the package.
    policy_file: Path | None = None
    # Where the personal-data store runs (JOBEXP_STORE_REGION); it must be the policy's
    # region (D5). None: not declared, taken to be the policy's.
    store_region: str | None = None
    assistant: AssistantSettings = field(default_factory=AssistantSettings)
    # Each partner's erasure endpoint, by recipient id (JOBEXP_PARTNER_ERASURE_URLS, JSON).
    partner_erasure_urls: Mapping[str, str] = field(default_factory=dict)

    # The key vault's database (JOBEXP_KEY_VAULT_URL); None: a SQLite file beside the master
    # key. Never the personal-data store itself, whose backups must hold no key (D7).
    key_vault_url: str | None = None

    @property
    def master_key_path(self) -> Path:
        return self.data_dir / "master.key"

    @property
    def vault_url(self) -> str:
        return self.key_vault_url or f"sqlite:///{self.data_dir / 'keys.sqlite3'}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("JOBEXP_DATA_DIR", "data")).resolve()
        default_url = f"sqlite:///{data_dir / 'jobexp.sqlite3'}"
        return cls(
            data_dir=data_dir,
            database_url=env.get("JOBEXP_DATABASE_URL", default_url),
            key_vault_url=env.get("JOBEXP_KEY_VAULT_URL") or None,
            local_development=env.get("JOBEXP_LOCAL_DEVELOPMENT", "") in {"1", "true", "yes"},
            policy_file=Path(env["JOBEXP_POLICY_FILE"]) if env.get("JOBEXP_POLICY_FILE") else None,
            store_region=env.get("JOBEXP_STORE_REGION", "").strip().upper() or None,
            assistant=AssistantSettings.from_env(env),
            partner_erasure_urls=_urls(env.get("JOBEXP_PARTNER_ERASURE_URLS", "")),
            retention_sweep_seconds=float(env.get("JOBEXP_RETENTION_SWEEP_SECONDS", 24 * 3600)),
            erasure_interval_seconds=float(env.get("JOBEXP_ERASURE_INTERVAL_SECONDS", 60)),
            share_interval_seconds=float(env.get("JOBEXP_SHARE_INTERVAL_SECONDS", 60)),
        )


def _urls(text: str) -> dict[str, str]:
    """A JSON object of recipient id -> URL; anything else is a configuration error."""
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ValueError("JOBEXP_PARTNER_ERASURE_URLS must be a JSON object") from exc
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError("JOBEXP_PARTNER_ERASURE_URLS must map recipient ids to URLs")
    return value
