"""Two worker processes sweeping one PostgreSQL database side by side never do the same work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from jobexp.adapters import tables as t
from jobexp.adapters.db import create_database_engine
from jobexp.adapters.migrate import upgrade

ROWS = 40_000
BATCH = 250
# Each worker waits for the same moment, sweeps, and prints how many rows it ended.
WORKER = """
import json, sys, time
from jobexp.bootstrap import bootstrap
from jobexp.config import Settings
from jobexp.service_layer import retention
svc = bootstrap(Settings.from_env(), migrate=False)
time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
results = retention.sweep(svc, batch_size=int(sys.argv[2]))
print(json.dumps({r.table: r.rows for r in results}))
"""


def test_two_workers_share_the_expired_rows_without_overlap(
    postgres_database_url: str, tmp_path: Path
) -> None:
    engine = create_database_engine(postgres_database_url)
    upgrade(engine)
    old = datetime.now(UTC) - timedelta(days=200)
    row = {"at": old, "ip_prefix": "198.51.100.0/24", "browser": "chrome", "language": "en"}
    with engine.begin() as connection:
        connection.execute(
            insert(t.access_log), [{**row, "method": "GET", "path": "/", "status": 200}] * ROWS
        )
    env = {
        **os.environ,
        "JOBEXP_DATA_DIR": str(tmp_path / "data"),
        "JOBEXP_DATABASE_URL": postgres_database_url,
    }
    (tmp_path / "data").mkdir()
    start = str(time.time() + 4)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, start, str(BATCH)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    done = []
    for worker in workers:
        out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err
        done.append(json.loads(out.strip().splitlines()[-1])["access_log"])
    with engine.connect() as connection:
        left = connection.execute(select(func.count()).select_from(t.access_log)).scalar_one()
        audited = connection.execute(
            select(t.audit_log.c.details).where(
                t.audit_log.c.action == "retention:access_log:deleted"
            )
        ).scalars()
        audited_rows = sum(json.loads(d)["rows"] for d in audited)
    engine.dispose()
    assert left == 0
    assert sum(done) == ROWS == audited_rows  # every row ended once, by exactly one worker
    assert all(n > 0 for n in done), done  # and both took part
