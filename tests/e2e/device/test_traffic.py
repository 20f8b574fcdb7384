"""The issue's check: a scripted session of every intent against the real server on loopback,
recording every request the device sends. No contact name, number or group, no calendar
text, and no IMEI or MAC may appear in any of them (clauses 1a, 1c, 9a; D9).

A second session imports contacts written in Chinese and names them in English, in pinyin
(with and without tones, run together, surname last), by nickname and by relationship, and
in Chinese: none of those renderings leaves either, while the tasks that name them are kept
by the server with a reference only the device reads back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
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
    CONTACT_ZH_NUMBERS,
    CONTACT_ZH_RENDERINGS,
    CONTACTS_VCF,
    CONTACTS_ZH_VCF,
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
    ("book a train ticket to Shanghai next Friday", {"answers": {"origin": "Beijing"}}),
    ("book a train ticket for Zhang Wei to Shanghai next Friday", {"answers": {"origin": "Xi'an"}}),
    ("帮我订一张去上海的火车票", {"answers": {"origin": "北京"}}),
    ("blah blah", {}),
)
# Contacts imported in Chinese, asked about in English, pinyin, by nickname and in Chinese.
ZH_SESSION: tuple[tuple[str, dict[str, object]], ...] = (
    ("remind me to call Zhang Wei at 5pm", {}),
    ("remind me to call zhangwei tomorrow at 5pm", {}),
    ("remind me to call zhāng wěi tomorrow at 7pm", {}),
    ("remind me to text Wei Zhang tomorrow at 6pm", {}),
    ("remind me to call Cheung Wei tomorrow at 8am", {}),
    ("remind me to call li na tomorrow at 9am", {}),
    ("remind me to buy a gift for Nana Qiao tomorrow at 9am", {}),
    ("remind me to call xiaohong", {"answers": {"when": "tomorrow at noon"}}),
    ("remind me to call my sister tomorrow at 8pm", {}),
    ("提醒我下午五点给张伟打电话", {}),
    ("提醒我明天下午六点给娜娜发短信", {}),
    ("提醒我", {"answers": {"title": "给李娜买礼物", "when": "明天上午十点"}}),
    ("call zhangwei", {}),
    ("call Zhang Wei", {}),
    ("text li na that I'm late", {}),
    ("text nana that I'm late", {}),
    ("call my sister", {}),
    ("给张伟打电话", {}),
    ("给姐姐发短信说我晚点到", {}),
    ("给妈妈打电话", {}),
    ("what are my tasks", {}),
    ("what's the weather in Lina", {}),
    ("navigate to Zhang Wei's house", {}),
    ("book a train ticket to Shanghai for zhangwei", {"answers": {"origin": "Beijing"}}),
)
ZH_FORBIDDEN = (*CONTACT_ZH_RENDERINGS, *CONTACT_ZH_NUMBERS)
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


def _run(
    base_url: str,
    directory: Path,
    contacts: Path,
    script: tuple[tuple[str, dict[str, object]], ...],
    notices: list[str],
) -> tuple[list[Reply], RecordingTransport]:
    """A device set up with `contacts` and the fixture calendar, then every command of
    `script` asked of it, each through a new agent as `jobexp device ask` would."""
    transport = RecordingTransport()
    device = Device(DeviceState(directory), transport=transport)
    with device.store() as store:
        import_contacts(store, contacts.read_text(encoding="utf-8"))
        import_calendar(
            store, CALENDAR_ICS.read_bytes(), default_name="x", time_zone="Asia/Shanghai"
        )
    device.register(base_url, "13700137000", PASSWORD, "46000", "CN")
    device.log_in(PASSWORD)
    for purpose, recipient in CONSENTS:
        device.decide_consent(purpose, recipient, "granted")

    def confirm(notice: str) -> bool:
        notices.append(notice)
        return True

    replies = []
    for text, options in script:
        with device.agent(confirm=confirm) as agent:
            question = Question(text=text, now=NOW, time_zone="Asia/Shanghai", **options)  # type: ignore[arg-type]
            replies.append(agent.ask(question))
    return replies, transport


@contextmanager
def _session(
    base_url: str,
    client: httpx.Client,
    directory: Path,
    *,
    contacts: Path,
    script: tuple[tuple[str, dict[str, object]], ...],
    providers: tuple[FakeOpenMeteo, FakeTicketPartner],
) -> Iterator[tuple[Session, list[str]]]:
    """A signed-up account, `script` asked on a device with `contacts`, and all it sent."""
    sign_up(client, "13700137000")
    notices: list[str] = []
    replies, transport = _run(base_url, directory, contacts, script, notices)
    received = [*providers[0].requests, *providers[1].requests]
    try:
        yield Session(replies, transport.sent, [repr(r) for r in received]), notices
    finally:
        transport.close()


@pytest.fixture
def session(
    base_url: str,
    client: httpx.Client,
    tmp_path: Path,
    open_meteo: FakeOpenMeteo,
    ticket_partner: FakeTicketPartner,
) -> Iterator[Session]:
    providers = (open_meteo, ticket_partner)
    device = tmp_path / "device"
    with _session(
        base_url, client, device, contacts=CONTACTS_VCF, script=SESSION, providers=providers
    ) as (
        recorded,
        notices,
    ):
        assert notices, "the ticket partner's notice was never shown"
        yield recorded


@pytest.fixture
def zh_session(
    base_url: str,
    client: httpx.Client,
    tmp_path: Path,
    open_meteo: FakeOpenMeteo,
    ticket_partner: FakeTicketPartner,
) -> Iterator[Session]:
    providers = (open_meteo, ticket_partner)
    device = tmp_path / "device"
    with _session(
        base_url, client, device, contacts=CONTACTS_ZH_VCF, script=ZH_SESSION, providers=providers
    ) as (
        recorded,
        _,
    ):
        yield recorded


def _leaks(session: Session, forbidden: tuple[str, ...]) -> list[tuple[str, str, str]]:
    return [
        (sent.method, sent.url, secret)
        for sent in session.sent
        for text in sent.texts()
        for secret in forbidden
        if secret.casefold() in text.casefold()
    ]


def test_no_local_data_or_hardware_identifier_is_ever_sent(session: Session) -> None:
    assert _leaks(session, FORBIDDEN) == []


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


def test_a_task_naming_a_contact_is_kept_with_a_reference_instead(session: Session) -> None:
    reply = session.replies[SESSION.index(("remind me to call Zhang Wei tomorrow at 5pm", {}))]
    assert reply.status == "ok", reply.text
    assert reply.data["task"]["title"] == "call Zhang Wei"  # read back on the device
    titles = [_title(sent) for sent in session.sent if _title(sent)]
    assert any(re.fullmatch(r"call ⟨contact:[a-z]{8}⟩", title) for title in titles), titles


# --- contacts in Chinese, named in English, pinyin, by nickname and relationship ---------


def test_no_rendering_of_a_chinese_contact_is_ever_sent(zh_session: Session) -> None:
    assert _leaks(zh_session, ZH_FORBIDDEN) == []
    third = [
        t for t in zh_session.third_parties for s in ZH_FORBIDDEN if s.casefold() in t.casefold()
    ]
    assert third == []


def test_every_task_naming_a_chinese_contact_was_kept_by_the_server(zh_session: Session) -> None:
    tasks = [r for r in zh_session.replies if r.intent == "task.create"]
    assert len(tasks) == 12 and all(r.status == "ok" for r in tasks), [r.text for r in tasks]
    sent = [_title(s) for s in zh_session.sent if _title(s)]
    assert len(sent) == 12 and sum("⟨contact:" in title for title in sent) == 11, sent
    assert "call my sister" in sent  # a relationship word names no one: it goes as said


def test_the_device_reads_the_references_back_in_the_task_list(zh_session: Session) -> None:
    listed = next(r for r in zh_session.replies if r.intent == "task.list")
    titles = [task["title"] for task in listed.data["tasks"]]
    assert {"call Zhang Wei", "call zhāng wěi", "text Wei Zhang", "给张伟打电话"} <= set(titles)
    assert {"给娜娜发短信", "buy a gift for Nana Qiao", "给李娜买礼物"} <= set(titles)
    assert "⟨contact:" not in listed.text


def test_each_rendering_reaches_the_right_contact_on_the_device(zh_session: Session) -> None:
    uris = {
        text: reply.data.get("uri", "")
        for (text, _), reply in zip(ZH_SESSION, zh_session.replies, strict=True)
        if reply.intent in {"call", "message"}
    }
    zhang, li, ouyang = "+8613579135791", "+8615024680246", "+8616635792468"
    assert uris == {
        "call zhangwei": f"tel:{zhang}",
        "call Zhang Wei": f"tel:{zhang}",
        "text li na that I'm late": f"sms:{li}?body=I%27m%20late",
        "text nana that I'm late": f"sms:{li}?body=I%27m%20late",
        "call my sister": f"tel:{li}",
        "给张伟打电话": f"tel:{zhang}",
        "给姐姐发短信说我晚点到": f"sms:{li}?body=%E6%88%91%E6%99%9A%E7%82%B9%E5%88%B0",
        "给妈妈打电话": f"tel:{ouyang}",
    }


def test_other_features_naming_a_chinese_contact_are_refused(zh_session: Session) -> None:
    refused = {r.intent for r in zh_session.replies if r.status == "refused"}
    assert refused == {"weather", "navigate", "ticket.book"}


def _title(sent: Sent) -> str:
    if httpx.URL(sent.url).path != "/api/v1/tasks" or sent.method != "POST":
        return ""
    return str(json.loads(sent.body)["title"])


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
