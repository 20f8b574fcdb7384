"""English time phrases: 'tomorrow at 5pm', 'next Friday', 'in 2 hours', 'November 30th'."""

from __future__ import annotations

import re
from datetime import timedelta

from jobexp.nlu.timex import Handler, Period, Rule, TimeParts, find

__all__ = ["find_time"]

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tues", "tue"),
            ("wednesday", "weds"),
            ("thursday", "thurs", "thu"),
            ("friday", "fri"),
            ("saturday",),
            ("sunday",),
        )
    )
    for name in names
}
NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
} | {"a": 1, "an": 1, "a couple of": 2, "a few": 3, "fifteen": 15, "twenty": 20, "thirty": 30}
UNITS = {"min": 60, "minute": 60, "hr": 3600, "hour": 3600, "day": 86400, "week": 604800}
PERIODS: dict[str, Period] = {
    "morning": "morning",
    "noon": "noon",
    "midday": "noon",
    "lunchtime": "noon",
    "afternoon": "afternoon",
    "evening": "evening",
    "night": "night",
    "tonight": "night",
}

# "what's on today", "going on this afternoon" keep their "on": the question owns it.
_LEAD = (
    r"(?:\b(?:leaving|departing|returning|arriving|coming back)\s+)?"  # "a flight leaving Friday"
    r"(?:\b(?:(?<!what's )(?<!what is )(?<!going )(?<!anything )on"
    r"|at|for|by|around|about|until|till|before|this coming|during)\s+)?"
)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NUM = "|".join(sorted((w for w in NUMBER_WORDS if w not in {"a", "an"}), key=len, reverse=True))
_HOUR = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_ORD = r"(?:st|nd|rd|th)?"


def _rule(pattern: str, fill: Handler) -> Rule:
    # "tomorrow's weather": the possessive goes with the time phrase.
    return Rule(re.compile(_LEAD + pattern + r"\b(?:['’]s\b)?", re.IGNORECASE), fill)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _iso_date(m: re.Match[str], p: TimeParts) -> None:
    p.fill(year=int(m[1]), month=int(m[2]), day=int(m[3]))


def _slash_date(m: re.Match[str], p: TimeParts) -> None:
    year = int(m[3]) if m[3] else None
    p.fill(month=int(m[1]), day=int(m[2]), year=year + 2000 if year and year < 100 else year)


def _month_day(m: re.Match[str], p: TimeParts) -> None:
    p.fill(month=MONTHS[m[1].lower()], day=int(m[2]), year=int(m[3]) if m[3] else None)


def _month_only(m: re.Match[str], p: TimeParts) -> None:
    p.fill(month=MONTHS[m[1].lower()], day=1)


def _day_month(m: re.Match[str], p: TimeParts) -> None:
    p.fill(day=int(m[1]), month=MONTHS[m[2].lower()], year=int(m[3]) if m[3] else None)


ORDINAL_WORDS = {
    word: day
    for day, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ],
        start=1,
    )
} | {
    "twenty-first": 21,
    "twenty-second": 22,
    "twenty-third": 23,
    "twenty-fourth": 24,
    "twenty-fifth": 25,
    "twenty-sixth": 26,
    "twenty-seventh": 27,
    "twenty-eighth": 28,
    "twenty-ninth": 29,
    "thirtieth": 30,
    "thirty-first": 31,
}
_ORDINAL_WORD = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))


def _word_day(m: re.Match[str], p: TimeParts) -> None:
    p.fill(day=ORDINAL_WORDS[m[1].lower()])


def _ordinal_day(m: re.Match[str], p: TimeParts) -> None:
    p.fill(day=int(m[1]))


def _relative(m: re.Match[str], p: TimeParts) -> None:
    amount = 0.5 if m[1].lower().startswith("half") else float(_number(m[1]))
    unit = UNITS[m[2].lower()]
    if m[3]:  # "an hour and a half"
        amount += 0.5
    p.fill(delta=timedelta(seconds=amount * unit), delta_is_clock=unit < 86400)


def _day_word(m: re.Match[str], p: TimeParts) -> None:
    word = " ".join(m[1].lower().split()).removeprefix("later ")
    offsets = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "yesterday": -1}
    p.fill(day_offset=offsets.get(word, 2))
    if word == "tonight":
        p.fill(period="night")


def _weekday(m: re.Match[str], p: TimeParts) -> None:
    shift = {"this": 0, "next": 1, "coming": None, "this coming": None, "last": -1, "every": None}
    p.fill(weekday=WEEKDAYS[m[2].lower()], week_shift=shift.get((m[1] or "").lower()))


def _weekend(m: re.Match[str], p: TimeParts) -> None:
    p.fill(weekend=1 if (m[1] or "").lower() == "next" else 0)


def _week(m: re.Match[str], p: TimeParts) -> None:
    p.fill(week_shift=1 if m[1].lower() == "next" else 0)


def _month(m: re.Match[str], p: TimeParts) -> None:
    p.fill(month_offset=1 if m[1].lower() == "next" else 0, day=1)


def _nothing(m: re.Match[str], p: TimeParts) -> None:
    """Repetition ('every day') is not a date: the words go, the next occurrence stays."""


def _clock(m: re.Match[str], p: TimeParts) -> None:
    meridiem = (m[3] or "").lower().replace(".", "").strip()
    p.fill(
        hour=_number(m[1]),
        minute=int(m[2]) if m[2] else None,
        meridiem=meridiem if meridiem in {"am", "pm"} else None,
    )


def _half_past(m: re.Match[str], p: TimeParts) -> None:
    minute = 30 if m[1].lower() == "half" else 15
    p.fill(hour=_number(m[2]), minute=minute)


def _named_hour(m: re.Match[str], p: TimeParts) -> None:
    word = m[1].lower()
    if word == "midnight":
        p.fill(hour=0)
    else:
        p.fill(hour=12, meridiem="pm")


def _period(m: re.Match[str], p: TimeParts) -> None:
    if (m[1] or "").lower().startswith("this"):
        p.fill(day_offset=0)
    p.fill(period=PERIODS[m[2].lower()])


RULES = (
    _rule(r"(\d{4})-(\d{1,2})-(\d{1,2})", _iso_date),
    _rule(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?(?![\d/])", _slash_date),
    _rule(rf"(?:the\s+)?\b({_MONTH})\.?\s+(\d{{1,2}}){_ORD}(?:,?\s+(\d{{4}}))?", _month_day),
    # "in January": its first day, as "next month" is the next month's first
    _rule(rf"\bin\s+({_MONTH})\b(?!\.?\s+\d)", _month_only),
    _rule(rf"(?:the\s+)?\b(\d{{1,2}}){_ORD}\s+(?:of\s+)?({_MONTH})(?:,?\s+(\d{{4}}))?", _day_month),
    _rule(r"\bthe\s+(\d{1,2})(?:st|nd|rd|th)(?!\s+(?:of\s+)?(?:" + _MONTH + r"))", _ordinal_day),
    # "on the first", "on the fifteenth of the month": a day said in words needs "on the"
    _rule(rf"\bon\s+the\s+({_ORDINAL_WORD})(?:\s+of\s+(?:the|this|next)\s+month)?\b", _word_day),
    _rule(
        rf"\b(?:in|after)\s+(half an?|an?|{_NUM}|\d+)\s+(min|minute|hr|hour|day|week)s?"
        r"(\s+and\s+a\s+half)?(?:\s+from\s+now)?",
        _relative,
    ),
    _rule(
        rf"\b(half an?|{_NUM}|\d+)\s+(min|minute|hr|hour|day|week)s?(\s+and\s+a\s+half)?"
        r"\s+(?:from\s+now|later)",
        _relative,
    ),
    _rule(
        r"\b((?:the\s+)?day\s+after\s+tomorrow|tomorrow|tmrw|tmr|(?:later\s+)?today|tonight|yesterday)",
        _day_word,
    ),
    _rule(rf"\b(?:(this coming|this|next|coming|last|every)\s+)?({_WEEKDAY})s?", _weekday),
    _rule(r"\b(?:(this|next|the)\s+)?weekend", _weekend),
    _rule(r"\b(this|next)\s+week", _week),
    _rule(r"\b(next|this)\s+month", _month),
    _rule(
        r"\b(?:every\s*day|daily|each day|every weekday|weekdays|every week|weekly"
        r"|every month|monthly)",
        _nothing,
    ),
    _rule(r"\b(every|each)\s+(morning|afternoon|evening|night)", _period),
    _rule(rf"\b{_HOUR}(?:[:.](\d{{2}}))?\s*(a\.?m\.?|p\.?m\.?)(?!\w)", _clock),
    _rule(rf"\b(?<=at\s){_HOUR}(?:[:.](\d{{2}}))?(\s*o'?clock)?", _clock),
    # "by 5", "around 7"; "for 7 tonight" only with a day after it ("a table for 2" is no time)
    _rule(
        rf"\b(?:(?<=by\s)|(?<=around\s)|(?<=until\s)|(?<=till\s)|(?<=before\s)){_HOUR}(?:[:.](\d{{2}}))?()",
        _clock,
    ),
    _rule(
        rf"\b(?<=for\s){_HOUR}(?:[:.](\d{{2}}))?()(?=\s+(?:tonight|today|tomorrow|this|on|next)\b)",
        _clock,
    ),
    _rule(rf"\b{_HOUR}:(\d{{2}})()", _clock),
    _rule(rf"\b{_HOUR}()\s*(o'?clock)", _clock),
    _rule(rf"\b(half|quarter)\s+past\s+{_HOUR}", _half_past),
    _rule(r"\b(noon|midday|midnight)", _named_hour),
    _rule(r"\b(in the|this|at|during the)?\s*(morning|afternoon|evening|night|lunchtime)", _period),
)


def find_time(text: str) -> tuple[TimeParts, str]:
    return find(text, RULES, " ")
