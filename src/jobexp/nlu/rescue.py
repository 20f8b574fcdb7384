"""Slots for a command whose intent the classifier decided and no template matched whole.

The words that name the request ("how cold is it in", "打电话", "from ... to") are looked
for by intent, and what they introduce becomes the slot: "how cold is it in Harbin" →
place Harbin, "打电话张伟" → contact 张伟, "明天从杭州到上海的高铁" → origin 杭州, destination
上海, kind train. A slot that cannot be found is left out; the assistant then asks for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jobexp.nlu.model import Lang
from jobexp.nlu.slots import kind_from_words
from jobexp.nlu.text import HAN

__all__ = ["rescue_slots"]

Finder = Callable[[str], dict[str, str]]
_STOP_EN = (
    r"(?=\s+(?:on the phone|on speaker|back|please|now|right now|real quick|for me|asap|later"
    r"|and|about|when|because|if|so|to tell|to ask|to say|quickly)\b|[,.!?]|$)"
)


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    return next((m for p in patterns if (m := p.search(text))), None)


def _one(slot: str, *patterns: re.Pattern[str]) -> Finder:
    """A finder for one slot: the first pattern's `x` group that matches."""

    def find(text: str) -> dict[str, str]:
        m = _first(patterns, text)
        return {slot: m["x"]} if m and m["x"] else {}

    return find


# --- English -----------------------------------------------------------------------------------

_EN_CALL = (
    re.compile(
        r"\b(?:call|ring|phone|dial|buzz|facetime|video ?call|video chat with|reach|get hold of"
        r"|get ahold of|talk to|talk with|speak to|speak with|put me through to"
        r"|connect me (?:to|with)|get me|call up|ring up)\s+(?:up\s+)?(?:my\s+)?(?P<x>.+?)"
        + _STOP_EN,
        re.IGNORECASE,
    ),
)
_EN_MESSAGE_CONTACT = (
    re.compile(
        r"\b(?:text|message|msg|sms|wechat|whatsapp|ping|notify|inform|tell|let|write to|reply to"
        r"|send|shoot|drop|remind)\s+(?:a (?:text|message|note|line) to\s+)?(?:my\s+)?"
        r"(?P<x>[\w.'-]+(?: [A-Z][\w.'-]*)?)",
        re.IGNORECASE,
    ),
)
_EN_BODY = re.compile(
    r"\b(?:that|saying|say|says|know|to say|:|telling (?:him|her|them))\s+(?P<x>.+)$", re.IGNORECASE
)
_EN_PLACE = re.compile(
    r"\b(?:in|for|at|around|near|over|across)\s+(?P<x>(?:the\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*"
    r"|[a-z]+(?:\s[a-z]+)?)\s*\??$"
)
_EN_WEATHER_WORDS = frozenset(
    (
        *("weather", "forecast", "rain", "raining", "snow", "snowing", "windy", "wind", "cold"),
        *("hot", "warm", "temperature", "umbrella", "sunny", "cloudy", "humid", "humidity"),
        *("coat", "jacket", "outside", "today", "tomorrow", "tonight", "week", "weekend"),
        *("morning", "afternoon", "evening", "it", "there", "here", "now", "later", "air"),
        "quality",
    )
)
_EN_DESTINATION = (
    re.compile(
        r"\b(?:directions|route|way|get|go|drive|walk|ride|head|take me|bring me|guide me|navigate"
        r"|how far is|how long to|how far to|far is|distance to)\s+(?:me\s+)?(?:to|towards|for)?\s*"
        r"(?P<x>.+?)(?=\s+(?:from here|please|now|avoiding .*|by (?:car|bus|foot|subway|train)"
        r"|on foot|fastest)\b|[,.!?]|$)",
        re.IGNORECASE,
    ),
)
_EN_ROUTE = re.compile(
    r"\bfrom\s+(?P<o>.+?)\s+to\s+(?P<d>.+?)(?=\s+(?:on|for|at|by|please)\b|[,.!?]|$)", re.IGNORECASE
)
_EN_TO = re.compile(
    r"\b(?:to|for)\s+(?P<d>(?:the\s+)?[\w'-]+(?:\s+[A-Z][\w'-]*)*)(?=\s+(?:on|for|at|by|please)\b"
    r"|[,.!?]|$)",
    re.IGNORECASE,
)
_EN_TITLE = (
    re.compile(
        r"\b(?:remind me (?:to|about|of|that)|remember to|forget to|forget about|note to|need to"
        r"|have to|got to|gotta|reminder (?:to|about|for)|to-?do(?: list)?:?|task:?|add|put"
        r"|schedule|pencil in|set up|book|block out|plan|arrange|make)\s+(?P<x>.+?)"
        r"(?=\s+(?:to|on|in|into|onto) (?:my |the )?(?:calendar|schedule|diary|agenda|to-?do list"
        r"|list|tasks|reminders)\b|[.!?]|$)",
        re.IGNORECASE,
    ),
)


def _en_message(text: str) -> dict[str, str]:
    slots: dict[str, str] = {}
    if m := _first(_EN_MESSAGE_CONTACT, text):
        slots["contact"] = m["x"]
    if b := _EN_BODY.search(text):
        slots["body"] = b["x"]
    return slots


def _en_weather(text: str) -> dict[str, str]:
    m = _EN_PLACE.search(text)
    if m and not set(m["x"].casefold().split()) & _EN_WEATHER_WORDS:
        return {"place": m["x"].removeprefix("the ")}
    return {"place": "current"}


# --- Chinese -----------------------------------------------------------------------------------

_H = f"[{HAN}A-Za-z]"
_ZH_CALL = (
    re.compile(
        rf"(?:打(?:个|一个|通)?(?:视频)?电话|拨打|拨通|拨|呼叫|致电|call|打给|视频(?:通话)?|联系)(?:给|一下)?"
        rf"(?P<x>{_H}{{1,8}}?)(?:的(?:电话|手机))?(?:吧|吗|啊|呀)?$",
        re.IGNORECASE,
    ),
    re.compile(rf"(?:给|跟|和|帮我给)(?P<x>{_H}{{1,8}}?)(?:打|拨|回)(?:个|一个)?(?:视频)?电话"),
)
_ZH_MESSAGE = (
    re.compile(
        rf"(?:发(?:个|条|一条)?(?:短信|消息|微信|信息|语音)|短信|微信|回复|留言|告诉|通知|跟|和|同)(?:给)?"
        rf"(?P<x>{_H}{{1,6}}?)(?:说|讲|:|,|我|明|今|你)"
    ),
    re.compile(
        rf"(?:发(?:个|条|一条)?(?:短信|消息|微信|信息)|短信|微信)(?:给)?(?P<x>{_H}{{1,6}}?)$"
    ),
)
_ZH_BODY = re.compile(r"(?:说|讲|内容是|:)(?P<x>.+)$")
_ZH_WEATHER_WORDS = re.compile(
    r"天气预报|天气|气温|温度|多少度|几度|怎么样|如何|咋样|会不会|会|下雨|下雪|刮风|大风|冷不冷|热不热|冷|热"
    r"|要不要|需不需要|需要|带伞|伞|空气质量|空气|雾霾|紫外线|穿什么|穿|衣服|外套|预报|查查|查询|查|看看|看"
    r"|告诉我|现在|外面|这里|最高|最低|高温|低温|湿度|晴|阴|有雨|雨|吗|呢|啊|呀|了|的|是|不|多少|情况|吧"
)
_ZH_DESTINATION = re.compile(
    rf"(?:导航到|导航去|导航|去往|前往|带我去|带我到|去|到|回)(?P<x>{_H}{{1,14}}?)"
    r"(?:怎么走|怎么去|的路线|路线|的路|多远|远不远|要多久|多久|堵不堵|堵吗|怎么坐车|坐什么车|$)"
)
_ZH_ROUTE = re.compile(
    rf"(?:从)?(?P<o>{_H}{{2,8}}?)(?:到|去|飞|至|-)(?P<d>{_H}{{2,8}}?)的?"
    r"(?=高铁|动车|火车|航班|机票|飞机|大巴|汽车|班车|车票|票)"
)
_ZH_TO = re.compile(
    rf"(?:去|到|回|飞)(?P<d>{_H}{{2,8}}?)的?(?=高铁|动车|火车|航班|机票|飞机|大巴|汽车|车票|票)"
)
_ZH_TITLE = re.compile(
    r"(?:提醒我|提醒一下|提示我|叫我|记得|别忘了|不要忘了|别让我忘了|记一下|记着|记下|帮我记|待办[:：]?"
    r"|添加待办|加个待办|安排|日程[:：]?|约了|预约)(?P<x>.+?)"
    r"(?:加到|放进|放到|记到|写进|添加到|加进)?(?:我的)?(?:日历|日程|待办|清单|备忘)?(?:里|中|上)?$"
)


def _zh_message(text: str) -> dict[str, str]:
    slots: dict[str, str] = {}
    if m := _first(_ZH_MESSAGE, text):
        slots["contact"] = m["x"]
        if b := _ZH_BODY.search(text[m.end("x") :]):
            slots["body"] = b["x"]
        elif rest := text[m.end("x") :].strip(",: "):
            slots["body"] = rest
    return slots


def _zh_weather(text: str) -> dict[str, str]:
    rest = _ZH_WEATHER_WORDS.sub("", text).strip(",。? ")
    if 2 <= len(rest) <= 8 and re.fullmatch(_H + "+", rest):
        return {"place": rest}
    return {"place": "current"}


def _trip(route: re.Pattern[str], to: re.Pattern[str]) -> Finder:
    """Origin and destination from "from A to B" / "从A到B", else the destination alone."""

    def find(text: str) -> dict[str, str]:
        if m := route.search(text):
            return {"origin": m["o"].removeprefix("从"), "destination": m["d"]}
        m = to.search(text)
        return {"destination": m["d"]} if m else {}

    return find


FINDERS: dict[Lang, dict[str, Finder]] = {
    "en": {
        "call": _one("contact", *_EN_CALL),
        "message": _en_message,
        "weather": _en_weather,
        "navigate": _one("destination", *_EN_DESTINATION),
        "ticket.book": _trip(_EN_ROUTE, _EN_TO),
        "task.create": _one("title", *_EN_TITLE),
        "calendar.add": _one("title", *_EN_TITLE),
    },
    "zh": {
        "call": _one("contact", *_ZH_CALL),
        "message": _zh_message,
        "weather": _zh_weather,
        "navigate": _one("destination", _ZH_DESTINATION),
        "ticket.book": _trip(_ZH_ROUTE, _ZH_TO),
        "task.create": _one("title", _ZH_TITLE),
        "calendar.add": _one("title", _ZH_TITLE),
    },
}


def rescue_slots(intent: str, text: str, lang: Lang) -> dict[str, str]:
    """The raw slot values (as said) that the intent's words introduce in `text`."""
    finder = FINDERS[lang].get(intent)
    slots = {k: v.strip(" ,.!?") for k, v in (finder(text) if finder else {}).items()}
    if intent == "ticket.book":
        slots["kind"] = kind_from_words(text) or "other"
    return {k: v for k, v in slots.items() if v}
