"""The sweep covers the assistant, the disclosure ledger, governance and deletion records.

One test per new kind of rule: a purpose's own period from the last activity, a second hash
chain pruned by prefix, rows kept while live or referenced, a table split by row category.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert, select, update

from jobexp.adapters import tables as t
from jobexp.clock import ManualClock
from jobexp.domain.disclosures import Disclosure
from jobexp.service_layer import audit, auth, ledger, retention
from jobexp.service_layer.context import Services
from tests.support.factories import API, PASSWORD, sign_up

DAY = timedelta(days=1)
SHARE = Disclosure(
    "navigation_provider", "navigation_share", "5b", ("location_precise",), ("destination",)
)


def _insert(svc: Services, table: Table, *rows: dict[str, Any]) -> None:
    with svc.database.engine.begin() as connection:
        connection.execute(insert(table), list(rows))


def _ids(svc: Services, table: Table, key: str = "id") -> set[Any]:
    with svc.database.engine.connect() as connection:
        return set(connection.execute(select(table.c[key])).scalars())


def _ended(results: list[retention.TableResult]) -> dict[str, int]:
    ended: dict[str, int] = {}
    for r in results:
        if r.rows:
            ended[r.table] = ended.get(r.table, 0) + r.rows
    return ended


def _task(id_: str, user: str, at: datetime) -> dict[str, Any]:
    return {"id": id_, "user_id": user, "title_enc": b"x", "due_at": at, "created_at": at}


def _place(id_: str, user: str, at: datetime) -> dict[str, Any]:
    return {
        "id": id_,
        "user_id": user,
        "kind": "home",
        "label_enc": b"x",
        "point_enc": b"x",
        "created_at": at,
    }


def test_tasks_and_places_end_365_days_after_the_accounts_last_activity(
    svc: Services, clock: ManualClock
) -> None:
    idle = sign_up(svc, "idle@example.com")
    active = sign_up(svc, "active@example.com")
    now = clock.now()
    _insert(svc, t.assistant_tasks, _task("t-idle", idle, now), _task("t-active", active, now))
    _insert(svc, t.saved_places, _place("p-idle", idle, now), _place("p-active", active, now))
    clock.advance(200 * DAY)
    auth.log_in(svc, auth.Credentials("active@example.com", PASSWORD), API)
    clock.advance(166 * DAY)  # 366 days after the idle account's last activity
    ended = _ended(retention.sweep(svc))
    assert ended["assistant_tasks"] == 1 and ended["saved_places"] == 1
    assert _ids(svc, t.assistant_tasks) == {"t-active"}
    assert _ids(svc, t.saved_places) == {"p-active"}
    assert _ids(svc, t.users) == {idle, active}  # the account itself is kept 1095 days


def test_pruning_the_disclosure_ledger_keeps_it_verifiable(
    svc: Services, clock: ManualClock
) -> None:
    user = sign_up(svc)
    for _ in range(3):
        with svc.uow() as uow:
            ledger.record(uow, svc, user, SHARE)
            uow.commit()
    clock.advance(1096 * DAY)
    with svc.uow() as uow:
        ledger.record(uow, svc, None, SHARE)
        uow.commit()
    planned = {r.table: r.rows for r in retention.plan(svc)}
    assert planned["disclosure_ledger"] == 3
    assert _ended(retention.sweep(svc, batch_size=2))["disclosure_ledger"] == 3
    assert ledger.count(svc) == 1
    assert ledger.verify(svc) is None
    assert audit.verify(svc) is None  # each chain has its own checkpoint
    assert _ended(retention.sweep(svc)).get("disclosure_ledger") is None
    with svc.database.engine.begin() as connection:  # moving the ledger's start without its key
        connection.execute(
            update(t.audit_prune).where(t.audit_prune.c.id == 2).values(through_seq=1)
        )
    problem = ledger.verify(svc)
    assert problem is not None and "seal" in problem.reason


def test_governance_records_end_with_their_own_period_and_pending_shares_are_kept(
    svc: Services, clock: ManualClock
) -> None:
    user = sign_up(svc)
    now = clock.now()
    violation = {"user_id": user, "rule": "r", "description": "d", "action_taken": "a"}
    _insert(
        svc,
        t.violations,
        {**violation, "id": "v-old", "recorded_by": "s", "recorded_at": now - 184 * DAY},
        {**violation, "id": "v-new", "recorded_by": "s", "recorded_at": now - 182 * DAY},
    )
    share = {"user_id": user, "recipient": "r", "purpose": "p", "categories": "c"}
    old = now - 1096 * DAY
    _insert(
        svc,
        t.share_queue,
        {**share, "id": 1, "status": "pending", "queued_at": old, "settled_at": None},
        {**share, "id": 2, "status": "sent", "queued_at": old, "settled_at": old},
        {**share, "id": 3, "status": "cancelled", "queued_at": now, "settled_at": now},
    )
    ended = _ended(retention.sweep(svc))
    assert ended["violations"] == 1 and ended["share_queue"] == 1
    assert _ids(svc, t.violations) == {"v-new"}
    assert _ids(svc, t.share_queue) == {1, 3}  # a pending share is never ended early


def test_partner_records_end_with_the_period_of_the_category_each_row_holds(
    svc: Services, clock: ManualClock
) -> None:
    user = sign_up(svc)
    now = clock.now()
    _insert(
        svc,
        t.partner_grants,
        {
            "id": "g",
            "recipient": "r",
            "purpose": "p",
            "categories": "c",
            "ends_on": (now + 30 * DAY).date(),
            "key_digest": "k",
            "created_by": "s",
            "created_at": now,
        },
    )
    record: dict[str, Any] = {"grant_id": "g", "user_id": user, "value_enc": b"x", "source": "s"}
    record |= {"consent_purpose": "p", "consent_reference": "c", "consented_at": now}
    _insert(
        svc,
        t.partner_records,
        {**record, "id": 1, "category": "voice_recognition_results", "imported_at": now},
        {**record, "id": 2, "category": "account_identifier", "imported_at": now},
    )
    clock.advance(2 * DAY)
    assert _ended(retention.sweep(svc))["partner_records"] == 1
    assert _ids(svc, t.partner_records) == {2}


def _request(id_: str, state: str, at: datetime, account: str | None = None) -> dict[str, Any]:
    return {
        "id": id_,
        "user_ref": f"ref-{id_}",
        "account_id": account,
        "open_for": account,
        "state": state,
        "requested_by": "self",
        "channel": "web",
        "requested_at": at,
        "deadline": at.date(),
        "erase_after": at,
        "progress": "{}",
        "receipt_id": f"receipt-{id_}",
    }


def _notice(id_: int, request: str, at: datetime, acknowledged: datetime | None) -> dict[str, Any]:
    return {
        "id": id_,
        "request_id": request,
        "recipient": "partner",
        "user_ref": f"ref-{request}",
        "created_at": at,
        "attempts": 1,
        "next_attempt_at": at,
        "acknowledged_at": acknowledged,
    }


def test_deletion_records_outlive_the_account_and_live_ones_are_never_ended(
    svc: Services, clock: ManualClock
) -> None:
    user = sign_up(svc)
    now = clock.now()
    old = now - 1096 * DAY
    _insert(
        svc,
        t.deletion_requests,
        _request("done", "erased", old),
        _request("told", "erased", old),  # a recipient has not acknowledged yet
        _request("open", "scheduled", old, user),  # open: kept whatever its age
        _request("recent", "cancelled", now - 10 * DAY),
    )
    _insert(
        svc,
        t.erasure_outbox,
        _notice(1, "done", old, old),
        _notice(2, "told", old, None),
    )
    hold = {"reason": "court order", "set_by": "s", "set_at": old}
    _insert(
        svc,
        t.legal_holds,
        {**hold, "id": 1, "user_ref": "ref-a", "released_at": old},
        {**hold, "id": 2, "user_ref": "ref-b", "released_at": None},  # still active
        {**hold, "id": 3, "user_ref": "ref-c", "released_at": now - 10 * DAY},
    )
    ended = _ended(retention.sweep(svc))
    assert ended["erasure_outbox"] == 1 and ended["deletion_requests"] == 1
    assert ended["legal_holds"] == 1
    assert _ids(svc, t.deletion_requests) == {"told", "open", "recent"}
    assert _ids(svc, t.erasure_outbox) == {2}
    assert _ids(svc, t.legal_holds) == {2, 3}
    assert _ended(retention.sweep(svc)) == {}


def test_a_dry_run_lists_the_new_tables(svc: Services) -> None:
    tables = {r.table for r in retention.plan(svc)}
    assert {
        "assistant_tasks",
        "saved_places",
        "disclosure_ledger",
        "violations",
        "disclosure_requests",
        "minor_access_approvals",
        "partner_records",
        "share_queue",
        "incident_notices",
        "leak_reports",
        "deletion_requests",
        "legal_holds",
        "erasure_outbox",
    } <= tables
