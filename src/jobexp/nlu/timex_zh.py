"""Chinese time phrases: '明天下午三点', '下周三', '半小时后', '12月5号', '这周末'.

Numerals go through cn2an ('二十三' -> 23); jionlp was measured and not used (docs/nlu.md).
"""

from __future__ import annotations

import re
from datetime import timedelta

from jobexp.nlu.timex import Handler, Period, Rule, TimeParts, find

__all__ = ["find_time"]

_NUM = r"[0-9零〇一二两三四五六七八九十百]+"
_LEAD = r"(?:在|于|从)?"
_TAIL = r"(?:之前|以前|前(?![往面边台门天])|的)?"
DAY_WORDS = {  # longest first: the finder tries them in this order
    "大大后天": 4,
    "大后天": 3,
    "后天": 2,
    "明天": 1,
    "明日": 1,
    "明儿": 1,
    "今天": 0,
    "今日": 0,
    "今儿": 0,
    "昨天": -1,
    "大前天": -3,
    "前天": -2,
}
SHORT_DAYS: dict[str, tuple[int, Period]] = {
    "今晚": (0, "night"),
    "明晚": (1, "night"),
    "今早": (0, "morning"),
    "明早": (1, "morning"),
    "今夜": (0, "night"),
}
WEEKDAYS = (
    {c: i for i, c in enumerate("一二三四五六")}
    | {"日": 6, "天": 6, "末": 5}
    | {str(i + 1): i for i in range(7)}
)
WEEK_SHIFT = {"这": 0, "本": 0, "下": 1, "下下": 2, "上": -1, "每": None, "": None}
PERIODS: dict[str, Period] = {
    "早上": "morning",
    "早晨": "morning",
    "清晨": "morning",
    "上午": "morning",
    "早": "morning",
    "中午": "noon",
    "午饭时": "noon",
    "下午": "afternoon",
    "傍晚": "evening",
    "晚上": "night",
    "晚间": "night",
    "夜里": "night",
    "夜间": "night",
    "今晚": "night",
    "凌晨": "small_hours",
    "半夜": "small_hours",
}
UNITS = {"小时": 3600, "钟头": 3600, "分钟": 60, "分": 60, "天": 86400, "周": 604800}
UNITS |= {"星期": 604800, "礼拜": 604800}


DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}


def number(text: str) -> int:
    """'23', '二十三', '两' as int.

    Up to 99 (every hour, minute, day and month) is read here; larger numerals go to cn2an,
    imported only then because its import alone costs ~150 ms.
    """
    if text.isdigit():
        return int(text)
    tens, ten, units = text.partition("十")
    if all(c in DIGITS for c in tens + units) and len(tens) <= 1 and len(units) <= 1 and text:
        if not ten:
            return DIGITS[tens]
        return DIGITS.get(tens, 1) * 10 + DIGITS.get(units, 0)
    import cn2an  # noqa: PLC0415

    return int(cn2an.cn2an(text.replace("〇", "零"), "smart"))


def _rule(pattern: str, fill: Handler) -> Rule:
    return Rule(re.compile(_LEAD + pattern + _TAIL, re.IGNORECASE), fill)


def _full_date(m: re.Match[str], p: TimeParts) -> None:
    p.fill(year=number(m[1]) if m[1] else None, month=number(m[2]), day=number(m[3]))


def _numeric_date(m: re.Match[str], p: TimeParts) -> None:
    p.fill(year=int(m[1]) if m[1] else None, month=int(m[2]), day=int(m[3]))


def _day_of_month(m: re.Match[str], p: TimeParts) -> None:
    p.fill(day=number(m[1]))


def _relative(m: re.Match[str], p: TimeParts) -> None:
    amount_text = m[1]
    amount = 0.5 if amount_text == "半" else float(number(amount_text))
    if m[2]:  # "一个半小时"
        amount += 0.5
    unit = UNITS[m[3]]
    p.fill(delta=timedelta(seconds=amount * unit), delta_is_clock=unit < 86400)


def _day_word(m: re.Match[str], p: TimeParts) -> None:
    p.fill(day_offset=DAY_WORDS[m[1]])


def _short_day(m: re.Match[str], p: TimeParts) -> None:
    offset, period = SHORT_DAYS[m[1]]
    p.fill(day_offset=offset, period=period)


def _weekday(m: re.Match[str], p: TimeParts) -> None:
    shift = WEEK_SHIFT[m[1] or ""]
    if m[2] == "末":
        p.fill(weekend=1 if shift == 1 else 0)
    else:
        p.fill(weekday=WEEKDAYS[m[2]], week_shift=shift)


def _week(m: re.Match[str], p: TimeParts) -> None:
    p.fill(week_shift=WEEK_SHIFT[m[1]])


def _month(m: re.Match[str], p: TimeParts) -> None:
    p.fill(month_offset=WEEK_SHIFT[m[1]] or 0, day=number(m[2]) if m[2] else 1)


def _now(m: re.Match[str], p: TimeParts) -> None:
    """'现在' says the moment already given: nothing to fill, only words to take out."""


def _clock(m: re.Match[str], p: TimeParts) -> None:
    minute_text = m[2] or ""
    minute = {"半": 30, "一刻": 15, "三刻": 45, "": 0}.get(minute_text)
    if minute is None:
        minute = number(minute_text.rstrip("分"))
    p.fill(hour=number(m[1]), minute=minute)


def _latin_clock(m: re.Match[str], p: TimeParts) -> None:
    """'3pm' inside Chinese: '提醒我明天3pm开会'."""
    meridiem = "pm" if m[3].lower().startswith("p") else "am"
    p.fill(hour=int(m[1]), minute=int(m[2]) if m[2] else None, meridiem=meridiem)


def _colon_clock(m: re.Match[str], p: TimeParts) -> None:
    p.fill(hour=int(m[1]), minute=int(m[2]))


def _period(m: re.Match[str], p: TimeParts) -> None:
    p.fill(period=PERIODS[m[1]])


RULES = (
    # "8月15号", and "8月15晚上" / "8月15" said without 号 or 日
    _rule(rf"(?:({_NUM})年)?({_NUM})月({_NUM})(?:日|号|(?!{_NUM}|[点时个]))", _full_date),
    _rule(r"(?:(\d{4})[-/.])?(\d{1,2})[-/.](\d{1,2})(?!\d)", _numeric_date),
    _rule(
        rf"(?:过)?({_NUM}|半)(?:个)?(半)?(?:多)?(小时|钟头|分钟|天|周|星期|礼拜)(?:以后|之后|后)",
        _relative,
    ),
    _rule(rf"过({_NUM}|半)(?:个)?(半)?(小时|钟头|分钟)", _relative),
    _rule("(" + "|".join(DAY_WORDS) + ")", _day_word),
    _rule("(" + "|".join(SHORT_DAYS) + ")", _short_day),
    _rule(  # "这周天气" is this week's 天气, not this Sunday's 气
        r"(?:((?<!一)下下|这|本|下|(?<![晚早])上|每)(?:个)?)?(?:周|星期|礼拜)"
        r"([一二三四五六日末1-7]|天(?!气))",
        _weekday,
    ),
    _rule(rf"(下|这|本|上)(?:个)?月(?:({_NUM})(?:日|号))?", _month),
    _rule(r"((?<!一)下下|这|本|下|(?<![晚早])上)(?:个)?(?:周|星期|礼拜)", _week),
    _rule(
        r"(?:现在|目前|此刻|马上|立刻|当前|每天|每日|每晚|每早|天天|这几天|这两天|近几天|最近几天"
        r"|未来几天|最近(?!的)|接下来几天"
        r"|一会儿|一会|等会儿|等会|待会儿|待会|稍后|过会儿|过一会儿|全天|一整天|整天"
        r"|(?:未来|接下来|之后)(?:[一两三四五六七八九十几]|\d+)(?:个)?(?:天|周|星期|礼拜))(?!位置)",
        _now,
    ),
    _rule(
        rf"(?:(?<![快慢多少大小差早晚])|(?<=[早晚])(?!一))({_NUM})(?:点钟|点|时)(半|一刻|三刻|{_NUM}分?)?(?!{_NUM}?(?:号|线|楼))",
        _clock,
    ),
    _rule(r"(\d{1,2})(?:[:：](\d{2}))?\s*([ap]\.?m\.?)(?![a-z])", _latin_clock),
    _rule(r"(\d{1,2})[:：](\d{2})", _colon_clock),
    _rule(rf"({_NUM})(?:日|号)(?![线楼门房馆])", _day_of_month),
    _rule("(" + "|".join(sorted(PERIODS, key=len, reverse=True)) + ")", _period),
)


def find_time(text: str) -> tuple[TimeParts, str]:
    return find(text, RULES, "")
