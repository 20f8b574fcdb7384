"""From matched text to slot values: saved-place keywords, the user's contacts, ticket kinds."""

from __future__ import annotations

from jobexp.nlu.model import Lang, SlotLists
from jobexp.nlu.text import tidy_slot

__all__ = ["contact_candidates", "place_value"]

PLACE_WORDS: dict[str, str] = {
    word: place
    for place, words in {
        "home": (
            "home", "my home", "my house", "my place", "house", "the house", "my apartment",
            "my flat", "back home", "家", "家里", "我家", "回家", "我家里", "家附近", "老家",
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
    value = tidy_slot(said, lang)
    keyword = PLACE_WORDS.get(value.casefold())
    if keyword is not None:
        return keyword
    bare = tidy_slot(value, lang, article=True, possessive=True)
    for place in saved:
        if place.casefold() in {value.casefold(), bare.casefold()}:
            return place
    return tidy_slot(value, lang, article=True)


def contact_candidates(said: str, lists: SlotLists) -> tuple[str, tuple[str, ...]]:
    """The contact as said (or its slot-list spelling) and, when it fits several, all of them.

    "Alice" against ("Alice Wang", "Alice Chen") is ambiguous; "alice wang" is Alice Wang.
    """
    key = said.casefold()
    for contact in lists.contacts:
        if contact.casefold() == key:
            return contact, ()
    fits = tuple(c for c in lists.contacts if _starts_name(c.casefold(), key))
    return said, fits if len(fits) > 1 else ()


def _starts_name(contact: str, said: str) -> bool:
    if not said:
        return False
    if contact.isascii():
        return contact.startswith(said + " ") or contact.rsplit(maxsplit=1)[-1] == said
    return contact.startswith(said)
