"""Chinese as the templates read it: simplified characters, and Mandarin for common Cantonese.

Traditional characters go through OpenCC first (`t2s`), so "今日天氣點樣" and "今日天气点样"
are one text; then the Cantonese words people type into a phone assistant are read as their
Mandarin equivalents ("而家落唔落雨" → "现在会不会下雨"). The word list is the team's own and
deliberately small: words whose Cantonese reading is unambiguous in a command.
"""

from __future__ import annotations

import re
from functools import cache

import opencc

__all__ = ["simplified", "to_mandarin"]


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters (Taiwan and Hong Kong forms alike) as simplified ones."""
    return str(_converter().convert(text))


# Longest first within a pattern group; applied in order, after `simplified`.
_PHRASES: tuple[tuple[str, str], ...] = (
    ("落唔落雨", "会不会下雨"),
    ("会唔会", "会不会"),
    ("有冇", "有没有"),
    ("系唔系", "是不是"),
    ("系咪", "是不是"),
    ("得唔得", "行不行"),
    ("使唔使", "需不需要"),
    ("要唔要", "要不要"),
    ("凍唔凍", "冷不冷"),
    ("冻唔冻", "冷不冷"),
    ("热唔热", "热不热"),
    ("听朝", "明天早上"),
    ("今朝", "今天早上"),
    ("听晚", "明天晚上"),
    ("听日", "明天"),
    ("琴日", "昨天"),
    ("寻日", "昨天"),
    ("后日", "后天"),
    ("今日", "今天"),
    ("而家", "现在"),
    ("宜家", "现在"),
    ("点样", "怎么样"),
    ("点去", "怎么去"),
    ("点行", "怎么走"),
    ("点走", "怎么走"),
    ("几时", "什么时候"),
    ("边度", "哪里"),
    ("边个", "谁"),
    ("落雨", "下雨"),
    ("落雪", "下雪"),
    ("好冻", "很冷"),
    ("乜嘢", "什么"),
    ("咩", "什么"),
    ("嘢", "事"),
    ("礼拜", "星期"),
    ("今个", "这个"),
    ("呢个", "这个"),
    ("打俾", "打给"),
    ("打畀", "打给"),
    ("同佢讲", "告诉他"),
    ("讲俾", "告诉"),
    ("话俾", "告诉"),
    ("话畀", "告诉"),
    ("俾", "给"),
    ("畀", "给"),
    ("揾", "找"),
    ("睇", "看"),
    ("嘅", "的"),
    ("咗", "了"),
    ("啲", "点"),
    ("佢", "他"),
    ("冇", "没有"),
    ("唔该", "请"),
    ("唔", "不"),
)
_PHRASE = re.compile("|".join(re.escape(said) for said, _ in _PHRASES))
_MANDARIN = dict(_PHRASES)
# "高铁飞", "戏飞": in Cantonese a ticket is 飞, never after 起 or before 机.
_TICKET = re.compile(r"(?<=[铁车船戏])飞(?!机)")
_COLD = re.compile(r"(?<![冷冰])冻(?=[吗不唔啊呀嘛吧]|$)")


def to_mandarin(text: str) -> str:
    """Simplified text with the common Cantonese words read as Mandarin."""
    text = _PHRASE.sub(lambda m: _MANDARIN[m[0]], text)
    text = _TICKET.sub("票", text)
    return _COLD.sub("冷", text)
