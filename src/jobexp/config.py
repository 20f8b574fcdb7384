"""Settings read from the environment; the composition root turns them into parts."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Literal

from jobexp.domain.throttle import ThrottlePolicy

IPNetwork = IPv4Network | IPv6Network


@dataclass(frozen=True)
class PasswordHashing:
    """argon2id cost; the default is RFC 9106's low-memory recommendation."""

    time_cost: int = 3
    memory_cost_kib: int = 65536
    parallelism: int = 4


@dataclass(frozen=True)
class HashingCapacity:
    """How many argon2id runs at once (about one per core) and how many may wait; beyond
    that, sign-up and login answer 503 at once (env JOBEXP_HASH_WORKERS, JOBEXP_HASH_QUEUE)."""

    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    queue: int = field(default_factory=lambda: os.cpu_count() or 1)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> HashingCapacity:
        default = cls()
        return cls(
            workers=_positive(env, "JOBEXP_HASH_WORKERS", default.workers),
            queue=_positive(env, "JOBEXP_HASH_QUEUE", default.queue, minimum=0),
        )


# The server's request threads; each holds at most one pooled connection (issue 13).
WORKER_THREADS = 12


@dataclass(frozen=True)
class PoolSettings:
    """One engine's connection pool. The default size matches the server's worker threads;
    the overflow is for background work (refreshes, the access-log flush). Three processes
    with both engines on one PostgreSQL server stay under its default 100 connections."""

    size: int = WORKER_THREADS
    max_overflow: int = 3
    # A request that cannot get a connection this soon answers 503 with Retry-After.
    timeout_seconds: float = 2.0

    @classmethod
    def from_env(cls, env: Mapping[str, str], prefix: str) -> PoolSettings:
        default = cls()
        return cls(
            size=_positive(env, f"{prefix}_POOL_SIZE", default.size),
            max_overflow=_positive(env, f"{prefix}_MAX_OVERFLOW", default.max_overflow, 0),
            timeout_seconds=float(env.get(f"{prefix}_POOL_TIMEOUT", default.timeout_seconds)),
        )


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
    hashing_capacity: HashingCapacity = field(default_factory=HashingCapacity)
    db_pool: PoolSettings = field(default_factory=PoolSettings)
    key_vault_pool: PoolSettings = field(default_factory=PoolSettings)
    # Peers whose X-Forwarded-For / Forwarded header names the client (JOBEXP_TRUSTED_PROXIES).
    trusted_proxies: tuple[IPNetwork, ...] = ()
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
    # How many failed sign-ins a client, an account and a trusted device may make.
    throttle: ThrottlePolicy = field(default_factory=ThrottlePolicy)

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
            hashing_capacity=HashingCapacity.from_env(env),
            db_pool=PoolSettings.from_env(env, "JOBEXP_DB"),
            key_vault_pool=PoolSettings.from_env(env, "JOBEXP_KEY_VAULT"),
            trusted_proxies=trusted_networks(env.get("JOBEXP_TRUSTED_PROXIES", "")),
        )


def trusted_networks(text: str) -> tuple[IPNetwork, ...]:
    """Comma-separated CIDRs (a bare address is its own /32 or /128)."""
    try:
        return tuple(ip_network(part.strip()) for part in text.split(",") if part.strip())
    except ValueError as exc:
        raise ValueError(f"JOBEXP_TRUSTED_PROXIES: {exc}") from exc


def _positive(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    value = int(env.get(name, default))
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}")
    return value


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
