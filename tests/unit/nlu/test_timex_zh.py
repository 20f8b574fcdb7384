"""Chinese time phrases are found, taken out of the text, and resolved."""

from __future__ import annotations

import pytest

from jobexp.nlu.timex import iso, resolve
from jobexp.nlu.timex_zh import find_time, number
from tests.unit.nlu.conftest import NOW


@pytest.mark.parametrize(
    ("text", "rest", "when"),
    [
        ("提醒我明天下午三点开会", "提醒我开会", "2026-11-30T15:00:00+08:00"),
        ("订两张明天晚上的电影票", "订两张电影票", "2026-11-30T20:00:00+08:00"),
        ("下周三下午三点", "", "2026-12-02T15:00:00+08:00"),
        ("半小时后提醒我喝水", "提醒我喝水", "2026-11-29T10:30:00+08:00"),
        ("一个半小时后", "", "2026-11-29T11:30:00+08:00"),
        ("后天", "", "2026-12-01"),
        ("今晚七点", "", "2026-11-29T19:00:00+08:00"),
        ("明早九点叫我起床", "叫我起床", "2026-11-30T09:00:00+08:00"),
        ("12月5号去北京的火车票", "去北京的火车票", "2026-12-05"),
        ("3天后", "", "2026-12-02"),
        ("晚上8点半", "", "2026-11-29T20:30:00+08:00"),
        ("在日程里记一下下周五的团建", "在日程里记一下团建", "2026-12-04"),
        ("下个月1号提醒我交电费", "提醒我交电费", "2026-12-01"),
        ("每天早上八点提醒我吃药", "提醒我吃药", "2026-11-30T08:00:00+08:00"),
        ("周五之前交报告", "交报告", "2026-12-04"),
        ("约一个周四的饭局", "约一个饭局", "2026-12-03"),
    ],
)
def test_phrase_is_removed_and_resolved(text: str, rest: str, when: str) -> None:
    parts, left = find_time(text)
    assert left == rest
    value = resolve(parts, NOW)
    assert value is not None and iso(value) == when


def test_wait_a_little_is_not_one_oclock() -> None:
    parts, left = find_time("我晚一点到")
    assert not parts.found and left == "我晚一点到"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二十三", 23),
        ("十五", 15),
        ("三十", 30),
        ("两", 2),
        ("12", 12),
        ("〇", 0),
        ("一百零五", 105),
    ],
)
def test_numerals_read_in_either_script(text: str, value: int) -> None:
    assert number(text) == value


def test_da_da_hou_tian_is_four_days_on_and_leaves_no_da_behind() -> None:
    parts, rest = find_time("大大后天北京天气")
    assert parts.day_offset == 4
    assert rest == "北京天气"


def test_a_month_and_day_without_hao_before_a_period_is_a_date() -> None:
    parts, rest = find_time("8月15晚上提醒我开会")
    assert (parts.month, parts.day, parts.period) == (8, 15, "night")
    assert rest == "提醒我开会"
