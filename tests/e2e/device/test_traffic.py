"""The issue's check: a scripted session of every intent against the real server on loopback,
recording every request the device sends. No contact name, number or group, no calendar
text, and no IMEI or MAC may appear in any of them (clauses 1a, 1c, 9a; D9)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from jobexp.device.agent import Question, Reply
from jobexp.device.bootstrap import Device
from jobexp.device.imports import import_calendar, import_contacts
from jobexp.device.state import DeviceState
from tests.e2e.api.helpers import PASSWORD, sign_up
from tests.e2e.device.recording import RecordingTransport, Sent
from tests.support.assistant_servers import FakeOpenMeteo, FakeTicketPartner
from tests.support.device import (
    CALENDAR_ICS,
    CALENDAR_TEXTS,
    CONTACT_GROUPS,
    CONTACT_NAMES,
    CONTACT_NUMBERS,
    CONTACTS_VCF,
    IMEI,
    MAC,
)

NOW = datetime.fromisoformat("2026-11-30T10:00:00+08:00")  # the suite clock, in Shanghai
FORBIDDEN = (*CONTACT_NAMES, *CONTACT_GROUPS, *CONTACT_NUMBERS, *CALENDAR_TEXTS, IMEI, MAC)
# Every intent, worded to tempt a leak: local names, numbers and calendar words everywhere.
SESSION: tuple[tuple[str, dict[str, object]], ...] = (
    ("call Zhang Wei", {}),
    ("call Zhang Wei", {"choose": 2}),
    ("call Quentin Marlowe-Okafor", {"choose": 1}),
    ("给李娜打电话", {}),
    ("text Quentin Marlowe-Okafor that the Zanzibar audit moved to Room Heliotrope 7", {}),
    ("给李娜发短信说我晚点到", {}),
    ("text Ophelia Thistlewood that I'm running late", {}),
    ("what's on my calendar tomorrow", {}),
    ("12月1日有什么安排", {}),
    ("add Marzipan tasting to my calendar on Friday at 3pm", {}),
    ("what's the weather in Shanghai tomorrow", {}),
    ("weather tomorrow", {"here": (31.2304, 121.4737)}),
    ("明天天气怎么样", {"here": (31.2304, 121.4737)}),
    ("remind me to buy milk tomorrow at 5pm", {}),
    ("remind me to call Zhang Wei tomorrow at 5pm", {}),
    ("remind me to prepare the Zanzibar audit tomorrow at 9am", {}),
    ("what are my tasks", {}),
    ("navigate to the Bund", {}),
    ("navigate to Room Heliotrope 7", {}),
    ("book a train ticket to Shanghai next Friday", {}),
    ("book a train ticket for Zhang Wei to Shanghai next Friday", {}),
    ("帮我订一张去上海的火车票", {}),
    ("blah blah", {}),
)
SERVER_INTENTS = {"weather", "task.create", "task.list", "navigate", "ticket.book"}


CONSENTS = (
    ("weather", None),
    ("task_appointments", None),
    ("navigation_share", "navigation_provider"),
    ("ticket_booking_share", "ticket_booking_partner"),
)


@dataclass
class Session:
    replies: list[Reply]
    sent: list[Sent]
    third_parties: list[str]  # what the weather provider and the ticket partner received


@pytest.fixture
def session(
    base_url: str,
    client: httpx.Client,
    tmp_path: Path,
    open_meteo: FakeOpenMeteo,
    ticket_partner: FakeTicketPartner,
) -> Iterator[Session]:
    sign_up(client, "13700137000")
    transport = RecordingTransport()
    device = Device(DeviceState(tmp_path / "device"), transport=transport)
    with device.store() as store:
        import_contacts(store, CONTACTS_VCF.read_text(encoding="utf-8"))
        import_calendar(
            store, CALENDAR_ICS.read_bytes(), default_name="x", time_zone="Asia/Shanghai"
        )
    device.register(base_url, "13700137000", PASSWORD, "46000", "CN")
    device.log_in(PASSWORD)
    for purpose, recipient in CONSENTS:
        device.decide_consent(purpose, recipient, "granted")
    notices: list[str] = []

    def confirm(notice: str) -> bool:
        notices.append(notice)
        return True

    replies = []
    for text, options in SESSION:
        with device.agent(confirm=confirm) as agent:
            question = Question(text=text, now=NOW, time_zone="Asia/Shanghai", **options)  # type: ignore[arg-type]
            replies.append(agent.ask(question))
    received = [*open_meteo.requests, *ticket_partner.requests]
    assert notices, "the ticket partner's notice was never shown"
    yield Session(replies, transport.sent, [repr(r) for r in received])
    transport.close()


def test_no_local_data_or_hardware_identifier_is_ever_sent(session: Session) -> None:
    leaks = [
        (sent.method, sent.url, secret)
        for sent in session.sent
        for text in sent.texts()
        for secret in FORBIDDEN
        if secret.casefold() in text.casefold()
    ]
    assert leaks == []


def test_the_third_parties_received_nothing_local_either(session: Session) -> None:
    assert session.third_parties, "the providers were never asked: the check proves nothing"
    leaks = [
        secret
        for text in session.third_parties
        for secret in FORBIDDEN
        if secret.casefold() in text.casefold()
    ]
    assert leaks == []


def test_every_server_feature_answered(session: Session) -> None:
    answered = {r.intent for r in session.replies if r.status == "ok"}
    assert answered >= SERVER_INTENTS, [r for r in session.replies if r.intent in SERVER_INTENTS]


def test_the_session_really_spoke_to_the_server_for_each_server_intent(session: Session) -> None:
    paths = {httpx.URL(sent.url).path for sent in session.sent}
    assert {"/api/v1/devices/register", "/api/v1/devices/login", "/api/v1/me"} <= paths
    asked = {reply.intent for reply in session.replies}
    assert asked >= SERVER_INTENTS
    assert len(session.sent) >= 3 + len(SERVER_INTENTS)


def test_calls_messages_and_the_calendar_never_reach_the_server(session: Session) -> None:
    local = [
        r
        for r in session.replies
        if r.intent in {"call", "message", "calendar.query", "calendar.add"}
    ]
    assert local and all(r.status in {"ok", "choose"} for r in local)
    uris = [r.data.get("uri", "") for r in local]
    assert "tel:+8613912345678" in uris
    assert not any("/call" in s.url or "/message" in s.url for s in session.sent)


def test_commands_naming_local_data_are_refused_before_sending(session: Session) -> None:
    refused = [r for r in session.replies if r.status == "refused"]
    assert {r.intent for r in refused} >= {"task.create", "ticket.book", "navigate"}


def test_every_request_carries_only_declared_headers(session: Session) -> None:
    allowed = {
        "host",
        "accept",
        "accept-encoding",
        "accept-language",
        "authorization",
        "connection",
        "content-length",
        "content-type",
        "user-agent",
    }
    assert {name.lower() for sent in session.sent for name, _ in sent.headers} <= allowed
