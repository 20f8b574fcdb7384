"""The agent over a real local store: calls, messages and the calendar never touch the server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from jobexp.device.agent import Agent, Question, Reply
from jobexp.device.imports import import_calendar, import_contacts
from jobexp.device.outbound import Outbound
from jobexp.device.store import LocalStore
from tests.support.device import CALENDAR_ICS, CONTACTS_VCF, CONTACTS_ZH_VCF

NOW = datetime.fromisoformat("2026-11-30T10:00:00+08:00")


def no_server() -> Outbound:
    raise AssertionError("a local intent asked for the server")


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[Agent]:
    store = LocalStore(tmp_path / "local.sqlite3")
    import_contacts(store, CONTACTS_VCF.read_text(encoding="utf-8"))
    import_calendar(store, CALENDAR_ICS.read_bytes(), default_name="x", time_zone="Asia/Shanghai")
    yield Agent(store, no_server)
    store.close()


def ask(agent: Agent, text: str, **options: object) -> Reply:
    return agent.ask(Question(text=text, now=NOW, time_zone="Asia/Shanghai", **options))  # type: ignore[arg-type]


def test_a_single_contact_with_one_number_is_called_at_once(agent: Agent) -> None:
    reply = ask(agent, "call Ophelia Thistlewood")
    assert (reply.status, reply.data["uri"]) == ("ok", "tel:+8617724681357")


def test_two_contacts_of_one_name_need_a_choice(agent: Agent) -> None:
    reply = ask(agent, "call Zhang Wei")
    assert reply.status == "choose" and reply.exit_code == 3
    assert [c["groups"] for c in reply.data["candidates"]] == [
        ["Family Circle"],
        ["Badminton Club"],
    ]


def test_a_choice_out_of_range_is_refused(agent: Agent) -> None:
    reply = ask(agent, "call Zhang Wei", choose=9)
    assert reply.status == "unclear" and "1 to 2" in reply.text


def test_a_message_in_chinese_is_answered_in_chinese(agent: Agent) -> None:
    reply = ask(agent, "给李娜发短信说我晚点到")
    assert reply.lang == "zh-CN" and reply.text.startswith("发给李娜")
    assert reply.data["uri"].startswith("sms:18655550123?body=")


def test_the_requested_language_wins_over_the_spoken_one(agent: Agent) -> None:
    reply = ask(agent, "给李娜打电话", lang="en")
    assert reply.text == "Calling 李娜 (18655550123)."


def test_a_day_with_nothing_says_so(agent: Agent) -> None:
    reply = ask(agent, "what's on my calendar on Sunday")
    assert reply.status == "ok" and reply.data["events"] == []
    assert reply.text.startswith("Nothing on Sun 06 Dec 2026")


def test_calendar_times_are_shown_in_the_users_zone(agent: Agent) -> None:
    reply = agent.ask(Question("what's on my calendar today", NOW, time_zone="Europe/London"))
    assert "06:00-07:00  Quarterly Zanzibar Audit" in reply.text


def test_an_impossible_date_is_explained(agent: Agent) -> None:
    reply = ask(agent, "add dentist to my calendar on February 30 at 3pm")
    assert reply.status == "unclear"
    assert "does not exist" in reply.text


@pytest.fixture
def zh_agent(tmp_path: Path) -> Iterator[Agent]:
    """An address book written in Chinese, with a nickname and relationships."""
    store = LocalStore(tmp_path / "local.sqlite3")
    import_contacts(store, CONTACTS_ZH_VCF.read_text(encoding="utf-8"))
    yield Agent(store, no_server)
    store.close()


@pytest.mark.parametrize(
    ("text", "uri"),
    [
        ("call Zhang Wei", "tel:+8613579135791"),
        ("call zhangwei", "tel:+8613579135791"),
        ("call zhāng wěi", "tel:+8613579135791"),
        ("call Wei Zhang", "tel:+8613579135791"),
        ("call zw", "tel:+8613579135791"),
        ("打电话给张伟", "tel:+8613579135791"),
        ("call nana", "tel:+8615024680246"),
        ("call my sister", "tel:+8615024680246"),
        ("给姐姐打电话", "tel:+8615024680246"),
        ("call mum", "tel:+8616635792468"),
        ("call ouyang", "tel:+8616635792468"),
    ],
)
def test_a_chinese_contact_is_called_by_every_rendering(
    zh_agent: Agent, text: str, uri: str
) -> None:
    reply = ask(zh_agent, text)
    assert (reply.status, reply.data.get("uri")) == ("ok", uri), reply.text


def test_a_message_by_pinyin_is_addressed_to_the_stored_name(zh_agent: Agent) -> None:
    reply = ask(zh_agent, "text li na that I'm late")
    assert reply.text == "Message to 李娜 (+8615024680246): I'm late"


def test_a_missing_slot_is_reported_with_the_webs_question(zh_agent: Agent) -> None:
    reply = ask(zh_agent, "text li na")
    assert (reply.status, reply.exit_code, reply.text) == (
        "unclear",
        1,
        "What should the message say?",
    )
    assert reply.data == {
        "missing": "body",
        "question": {"en": "What should the message say?", "zh": "消息要说什么？"},
    }


def test_the_question_is_asked_in_the_language_of_the_command(zh_agent: Agent) -> None:
    assert ask(zh_agent, "给李娜发短信").text == "消息要说什么？"


def test_an_answer_fills_the_slot_and_the_command_goes_on(zh_agent: Agent) -> None:
    reply = ask(zh_agent, "text li na", answers={"body": "on my way"})
    assert reply.status == "ok" and reply.data["body"] == "on my way"


def test_an_answer_about_when_is_read_as_a_time(agent: Agent) -> None:
    reply = ask(agent, "add an event", answers={"title": "yoga", "when": "Friday at 6pm"})
    assert reply.status == "ok" and reply.data["event"]["start"] == "2026-12-04T18:00:00+08:00"


def test_an_answer_that_names_no_time_asks_again(agent: Agent) -> None:
    reply = ask(agent, "add yoga to my calendar", answers={"when": "whenever"})
    assert reply.data["missing"] == "when"


def test_a_task_without_a_time_asks_when_to_remind(agent: Agent) -> None:
    reply = ask(agent, "remind me to buy milk")
    assert reply.data["missing"] == "when" and reply.text == "When should I remind you?"


def test_a_travel_ticket_asks_where_from_before_any_server_call(agent: Agent) -> None:
    reply = ask(agent, "book a train ticket to Shanghai next Friday")
    assert (reply.status, reply.data["missing"], reply.text) == ("unclear", "origin", "From where?")


def test_what_jobexp_cannot_do_is_answered_with_what_it_can(agent: Agent) -> None:
    reply = ask(agent, "set an alarm for 6am")
    assert reply.intent == "unknown" and reply.status == "unclear"
    assert "I can check the weather" in reply.text
