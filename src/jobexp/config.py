"""Settings read from the environment; the composition root turns them into parts."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path


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
class Settings:
    data_dir: Path
    database_url: str
    local_development: bool = False
    max_body_bytes: int = 64 * 1024
    password_hashing: PasswordHashing = field(default_factory=PasswordHashing)
    timeouts: SessionTimeouts = field(default_factory=SessionTimeouts)
    access_log_flush_seconds: float = 1.0
    # The in-process retention sweep of the embedded (SQLite) deployment; 0 turns it off.
    retention_sweep_seconds: float = 24 * 3600.0
    # The policy a fresh database starts with; None means the one shipped in the package.
    policy_file: Path | None = None

    @property
    def master_key_path(self) -> Path:
        return self.data_dir / "master.key"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("JOBEXP_DATA_DIR", "data")).resolve()
        default_url = f"sqlite:///{data_dir / 'jobexp.sqlite3'}"
        return cls(
            data_dir=data_dir,
            database_url=env.get("JOBEXP_DATABASE_URL", default_url),
            local_development=env.get("JOBEXP_LOCAL_DEVELOPMENT", "") in {"1", "true", "yes"},
            policy_file=Path(env["JOBEXP_POLICY_FILE"]) if env.get("JOBEXP_POLICY_FILE") else None,
            retention_sweep_seconds=float(env.get("JOBEXP_RETENTION_SWEEP_SECONDS", 24 * 3600)),
        )
