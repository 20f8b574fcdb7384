"""The ask box's plain rules: follow-ups rebuilt from slots, reminder times, ticket queries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jobexp.domain.errors import InvalidInput
from jobexp.domain.geo import Coordinates
from jobexp.domain.places import SavedPlace
from jobexp.nlu.model import Parse
from jobexp.service_layer.ask import Asker, instant, reply_locale, resume, ticket_query
from jobexp.types import UserId

ZONE = "Asia/Shanghai"
HOME = SavedPlace("p1", "home", "Lakeside flat", Coordinates(31.23, 121.47))
GYM = SavedPlace("p2", "frequent", "Gym", Coordinates(31.2, 121.4))


def test_a_follow_up_is_rebuilt_from_its_slots_without_the_empty_ones() -> None:
    parse = resume("task.create", {"title": " buy milk ", "when": "", "kind": ""}, "en")
    assert parse == Parse("task.create", {"title": "buy milk"}, "en")


@pytest.mark.parametrize(
    ("intent", "slots", "lang"),
    [
        ("call", {"contact": "mom"}, "en"),  # runs on the phone, never continued here
        ("unknown", {}, "en"),
        ("task.create", {"password": "x"}, "en"),
        ("task.create", {"title": "x" * 201}, "en"),
        ("task.create", {"title": "tea\u0000"}, "en"),
        ("task.create", {"title": "tea"}, "fr"),
        ("ticket.book", {"destination": "Hangzhou", "kind": "spaceship"}, "en"),
    ],
)
def test_a_tampered_follow_up_is_refused(intent: str, slots: dict[str, str], lang: str) -> None:
    with pytest.raises(InvalidInput):
        resume(intent, slots, lang)


def test_a_day_alone_means_nine_in_the_morning_local_time() -> None:
    assert instant("2026-12-01", ZONE) == datetime(2026, 12, 1, 1, tzinfo=UTC)
    assert instant("2026-12-01T17:00:00+08:00", ZONE) == datetime(2026, 12, 1, 9, tzinfo=UTC)
    with pytest.raises(InvalidInput):
        instant("tomorrowish", ZONE)


def test_a_ticket_query_holds_only_what_was_understood_in_the_language_asked() -> None:
    slots = {"origin": "Shanghai", "destination": "Hangzhou", "kind": "train"}
    english = Parse("ticket.book", {**slots, "when": "2026-12-01"}, "en")
    assert ticket_query(english, ZONE) == "train tickets from Shanghai to Hangzhou on 2026-12-01"
    chinese = Parse("ticket.book", {"origin": "上海", "destination": "杭州", "kind": "train"}, "zh")
    assert ticket_query(chinese, ZONE) == "从上海到杭州的火车票"
    movie = Parse("ticket.book", {"title": "Dune", "kind": "movie"}, "en")
    assert ticket_query(movie, ZONE) == "movie tickets for Dune"


def test_a_saved_place_is_found_by_its_kind_or_its_own_name() -> None:
    who = Asker(UserId("u"), ZONE, (HOME, GYM))
    assert who.saved("home") == HOME
    assert who.saved("gym") == GYM
    assert who.saved("work") is None and who.saved("current") is None
    assert Asker(UserId("u"), ZONE, ()).saved("home") is None


def test_the_answer_speaks_the_language_of_the_command() -> None:
    assert reply_locale(Parse("weather", {}, "zh")) == "zh-CN"
    assert reply_locale(Parse("weather", {}, "en")) == "en"
