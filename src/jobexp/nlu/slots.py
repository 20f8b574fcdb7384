"""From matched text to slot values: saved-place keywords, the user's contacts, ticket kinds."""

from __future__ import annotations

import re

from jobexp.nlu.contacts import match_contact
from jobexp.nlu.model import Lang, SlotLists
from jobexp.nlu.text import tidy_slot

__all__ = ["contact_candidates", "kind_from_words", "place_value", "split_contact_body"]

PLACE_WORDS: dict[str, str] = {
    word: place
    for place, words in {
        "home": (
            "home", "my home", "my house", "my place", "house", "the house", "my apartment",
            "my flat", "back home", "家", "家里", "我家", "回家", "我家里", "家附近",
        ),
        "work": (
            "work", "my work", "office", "the office", "my office", "workplace",
            "my workplace", "my job", "school", "my school", "the school", "campus",
            "公司", "单位", "办公室", "学校", "我的公司", "我们公司", "上班的地方", "我公司",
            "我们学校", "我的学校", "工作单位", "我单位",
        ),
        "current": (
            "here", "outside", "my location", "current location", "my current location",
            "where i am", "around here", "nearby", "this area", "out there", "there",
            "这里", "这儿", "外面", "当前位置", "我这里", "我这儿", "本地", "当地", "附近",
            "这边", "我这边", "现在的位置", "我现在的位置", "我所在的地方", "当前", "这",
        ),
    }.items()
    for word in words
}  # fmt: skip


def place_value(said: str, lang: Lang, saved: tuple[str, ...]) -> str:
    """home / work / current for a saved-place keyword, the saved place's own spelling, or as said.

    A leading "the" is dropped ("the airport" -> "airport"); other words stay as said.
    """
    plain = tidy_slot(said, lang)
    spoken = tidy_slot(plain, lang, article=True)
    bare = tidy_slot(plain, lang, article=True, possessive=True)
    forms = {plain.casefold(), spoken.casefold(), bare.casefold()}
    for form in (plain, spoken, bare):
        keyword = PLACE_WORDS.get(form.casefold())
        if keyword is not None:
            return keyword
    for place in saved:
        if place.casefold() in forms:
            return place
    return spoken


def contact_candidates(said: str, lists: SlotLists) -> tuple[str, tuple[str, ...]]:
    """The contact as said and, when it fits several slot-list entries but none exactly, those.

    "Alice" against ("Alice Wang", "Alice Chen") is ambiguous; "alice wang" is not. A name fits
    by any of its renderings (`contacts.match_contact`): "zhang" fits both 张伟 and 张三.
    """
    key = said.casefold()
    if not said or any(contact.casefold() == key for contact in lists.contacts):
        return said, ()
    fits = tuple(match_contact(said, lists.contacts))
    return said, fits if len(fits) > 1 else ()


KIND_WORDS: dict[str, str] = {
    "concert": "concert", "gig": "concert", "show": "concert", "演唱会": "concert",
    "音乐会": "concert", "演出": "concert", "movie": "movie", "film": "movie",
    "cinema": "movie", "电影": "movie", "train": "train", "火车": "train", "高铁": "train",
    "动车": "train", "flight": "flight", "plane": "flight", "航班": "flight", "飞机": "flight",
    "bus": "bus", "coach": "bus", "大巴": "bus", "汽车": "bus",
}  # fmt: skip


def kind_from_words(text: str) -> str | None:
    """A ticket kind named inside free text ("the Jay Chou concert", "流浪地球电影")."""
    folded = text.casefold()
    for word, kind in KIND_WORDS.items():
        if (word.isascii() and word in folded.split()) or (not word.isascii() and word in text):
            return kind
    return None


BODY_STARTS = frozenset((
    "i", "i'm", "i'll", "i've", "i'd", "im", "ill", "we", "we're", "we'll", "we've", "you",
    "you're", "you'll", "don't", "dont", "do", "did", "please", "can", "can't", "could",
    "will", "won't", "see", "call", "let's", "lets", "happy", "good", "sorry", "thanks",
    "thank", "where", "what", "when", "why", "how", "are", "is", "it", "it's", "its", "the",
    "my", "running", "on", "be", "hi", "hello", "hey", "love", "miss", "meet", "if", "whether",
    "dinner", "lunch", "home", "back", "late", "ok", "okay", "yes", "no", "just", "to",
))  # fmt: skip


_QUOTES = '"“”‘’「」『』'
_QUOTE_START = re.compile(r"\s[\"“‘「『]")


def split_contact_body(said: str, lists: SlotLists) -> tuple[str, str]:
    """'Bob I'm outside' -> ('Bob', "I'm outside"): templates cannot split two free texts.

    A colon, then a contact the user has, then the first word that starts a sentence
    ("I'm", "don't", "see", ...) mark where the name ends.
    """
    name, colon, rest = said.partition(":")
    if colon and name.strip() and rest.strip():
        return name.strip(), rest.strip()
    quoted = _QUOTE_START.search(said)  # 'my wife "on my way"'
    if quoted and said[: quoted.start()].strip():
        return said[: quoted.start()].strip(), said[quoted.start() :].strip(_QUOTES + " ")
    folded = said.casefold()
    for contact in sorted(lists.contacts, key=len, reverse=True):
        key = contact.casefold()
        if folded.startswith(key + " "):
            return said[: len(contact)], said[len(contact) :].strip()
    if not said.isascii():
        for contact in sorted(lists.contacts, key=len, reverse=True):
            if not contact.isascii() and len(said) > len(contact) and said.startswith(contact):
                return contact, said[len(contact) :].strip()  # "张三好的"
        return _split_han(said)
    words = said.split()
    for index, word in enumerate(words[1:], start=1):
        if word.casefold().strip(",.!?") in BODY_STARTS:
            return " ".join(words[:index]), " ".join(words[index:])
    return said, ""


BODY_STARTS_ZH = "我你他她咱别不今明后下上晚早"
KIN_ZH = (
    "妈妈", "爸爸", "哥哥", "姐姐", "弟弟", "妹妹", "老婆", "老公", "奶奶", "爷爷", "外婆",
    "外公", "姥姥", "姥爷", "老板", "同事们", "同事", "儿子", "女儿", "老妈", "老爸", "我妈",
    "我爸", "领导", "客户", "房东", "物业", "家人", "大家",
)  # fmt: skip
TITLES_ZH = (
    "老师", "经理", "阿姨", "叔叔", "医生", "师傅", "老板", "主任", "教授", "同学", "总", "哥",
    "姐", "叔", "姨",
)  # fmt: skip


def _split_han(said: str) -> tuple[str, str]:
    """'爸爸我今晚不回家' -> ('爸爸', '我今晚不回家'); '小张会议改到明天' -> ('小张', ...).

    A family word, a name ending in a title (王老师, 李总), 小/老 plus one character, then
    the first character that starts a sentence (我, 你, 明...) mark where the name ends.
    """
    for kin in KIN_ZH:
        if said.startswith(kin) and len(said) > len(kin):
            return said[: len(kin)], said[len(kin) :]
    for length in (2, 3, 4):
        if length < len(said) and said[:length].endswith(TITLES_ZH):
            return said[:length], said[length:]
    if said[:1] in {"小", "老", "阿"} and len(said) > 2:
        return said[:2], said[2:]
    for index in range(2, len(said)):
        if said[index] in BODY_STARTS_ZH:
            return said[:index], said[index:]
    return said, ""
