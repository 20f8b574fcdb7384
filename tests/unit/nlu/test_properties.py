"""Whatever is said, parse answers: a known intent, and a `when` that is valid ISO-8601."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from jobexp.nlu import INTENTS, KINDS, Nlu, shared
from tests.unit.nlu.conftest import NOW

VOCABULARY = (
    "call text remind me to tomorrow at 5pm next Friday in 2 hours weather book ticket "
    "from to navigate 给 打电话 提醒我 明天 下午三点 半小时后 2月30日 天气 订 机票 去 导航 "
    "the my calendar add on 周五 this weekend 😀 , . ? 的 说"
)
WORDS = st.sampled_from(VOCABULARY.split())
PHRASES = st.lists(WORDS, max_size=12).map(" ".join)
TEXTS = st.one_of(st.text(max_size=80), PHRASES)
NLU: Nlu = shared()


def _valid_when(value: str) -> bool:
    if len(value) == 10:
        return date.fromisoformat(value).isoformat() == value
    moment = datetime.fromisoformat(value)
    return moment.tzinfo is not None


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_parse_never_raises_and_answers_a_known_intent(text: str) -> None:
    got = NLU.parse(text, now=NOW)
    assert got.intent in INTENTS
    assert "when" not in got.slots or _valid_when(got.slots["when"])
    assert "kind" not in got.slots or got.slots["kind"] in KINDS
    assert all(value.strip() for value in got.slots.values())
