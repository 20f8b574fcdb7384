"""Every way a user may say a contact's name, and which of the user's contacts a name means.

A contact stored as 张伟 is said "张伟", "Zhang Wei", "zhangwei", "zhāng wěi", "Wei Zhang",
"Cheung Wei" or "zw"; one with NICKNAME:娜娜 and X-RELATIONSHIP:sister is also "nana",
"my sister" and "姐姐". `forms` lists them by kind, so a caller can choose: the matcher uses
them all, the device's guard only those that say who the contact is (not initials, not a
relationship word every user has).

Pure (no web, database or device imports) and typed, so the device and the server share it.
pypinyin is imported on the first Chinese name, not with the module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from typing import Generic, Literal, Protocol, TypeVar

from jobexp.nlu.name_words import (
    COMPOUND_SURNAMES,
    ENGLISH_SURNAMES,
    RELATION_OF_WORD,
    RELATIONS,
    SURNAME_READINGS,
    VCARD_TYPES,
)

__all__ = [
    "RELATIONS",
    "ContactIndex",
    "ContactNames",
    "Form",
    "FormKind",
    "Named",
    "forms",
    "key",
    "match_contact",
    "plain",
    "relation_of",
    "renderings",
]

FormKind = Literal["name", "nickname", "spoken", "part", "syllable", "initials", "relation"]
# name: as stored; nickname: a NICKNAME, or a relationship the table does not know, as
# stored; spoken: a whole name in pinyin or English, either order, spaced or joined; part: a
# word of the stored name or nickname, or a given name or compound surname in pinyin
# (xiaolong, ouyang); syllable: one pinyin syllable (zhang, wei); initials: the first letter
# of each word or syllable (zw); relation: a relationship word (mum, 妈妈).

MIN_INITIALS = 2  # "z" alone is not a name
MIN_LATIN_PART = 2  # a one-letter word of what was said is not a name part
PERSON_NAME_CHARS = range(2, 5)  # 张伟, 李小龙, 欧阳晓龙: a surname and a given name
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
SEPARATORS = re.compile(r"[\s\-‐‑–—·•・.,;:_/()（）\[\]\"“”]+")
APOSTROPHES = re.compile(r"['’‘`]")
POSSESSIVES = ("my ", "our ", "我的", "我们的", "我", "咱")


@dataclass(frozen=True)
class Form:
    text: str  # casefolded, as a user may say or type it (tone marks kept)
    kind: FormKind


class Named(Protocol):
    """Anything with a contact's names: `ContactNames`, or the device's own `Contact`."""

    @property
    def name(self) -> str: ...
    @property
    def nicknames(self) -> Sequence[str]: ...
    @property
    def relations(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class ContactNames:
    name: str
    nicknames: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()  # "mother", "sister", "spouse", or the card's own word


T = TypeVar("T", bound="str | Named")


def fold(text: str) -> str:
    """NFKC, casefolded, single spaces: how a form is written."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """What is compared: folded, no tone marks, no apostrophes, separators as one space."""
    if text.isascii():
        return SEPARATORS.sub(" ", APOSTROPHES.sub("", text.lower())).strip()
    decomposed = unicodedata.normalize("NFKD", fold(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = APOSTROPHES.sub("", unicodedata.normalize("NFC", bare))
    return SEPARATORS.sub(" ", bare).strip()


def key(text: str) -> str:
    """`plain` without spaces: "Zhang Wei", "zhangwei" and "zhāng-wěi" are one key."""
    return plain(text).replace(" ", "")


def relation_of(word: str) -> str | None:
    """The relationship a word or a vCard type names ("Mum" -> "mother"), else None."""
    folded = fold(word)
    return VCARD_TYPES.get(folded) or RELATION_OF_WORD.get(folded)


def renderings(
    name: str, nicknames: Sequence[str] = (), relations: Sequence[str] = ()
) -> frozenset[str]:
    """Every casefolded form a user may say for this contact, initials and relations included."""
    return frozenset(form.text for form in forms(name, nicknames, relations))


def forms(
    name: str, nicknames: Sequence[str] = (), relations: Sequence[str] = ()
) -> tuple[Form, ...]:
    """The forms of `renderings`, each with its kind, without repeats."""
    return _forms(name, tuple(nicknames), tuple(relations))


@lru_cache(maxsize=4096)
def _forms(name: str, nicknames: tuple[str, ...], relations: tuple[str, ...]) -> tuple[Form, ...]:
    found: dict[str, FormKind] = {}

    def add(text: str, kind: FormKind) -> None:
        folded = fold(text)
        if folded:
            found.setdefault(folded, kind)

    add(name, "name")
    for nickname in nicknames:
        add(nickname, "nickname")
    for relation in relations:
        known = relation_of(relation)
        if known is None:
            add(relation, "nickname")  # the card's own word: as telling as a nickname
        else:
            for word in RELATIONS[known]:
                add(word, "relation")
    for text, is_name in ((name, True), *((n, False) for n in nicknames)):
        for form in _spoken(text, person=is_name):
            add(form.text, form.kind)
    return tuple(Form(text, kind) for text, kind in found.items())


def _spoken(text: str, *, person: bool) -> Iterator[Form]:
    """Pinyin and English forms of a name; its words; its initials."""
    for pieces in (fold(text).split(), plain(text).split()):
        for piece in pieces if len(pieces) > 1 else ():
            yield Form(piece, "part")
    if HAN.search(text):
        yield from _chinese(text, person=person)
    else:
        yield from _latin(text)


def _latin(text: str) -> Iterator[Form]:
    """'Zhang Wei' is also 'Wei Zhang', 'zhangwei', 'weizhang'; initials 'zw'."""
    words = fold(text).split()
    if len(words) > 1:
        swapped = [words[-1], *words[:-1]], [*words[1:], words[0]]
        for order in (words, *swapped):
            if order is not words:
                yield Form(" ".join(order), "spoken")
            yield Form("".join(order), "spoken")
    yield Form("".join(word[0] for word in plain(text).split()), "initials")


def _chinese(text: str, *, person: bool) -> Iterator[Form]:
    """张伟: zhang wei, zhangwei, zhāng wěi, zhang1 wei3, wei zhang, chang wei, cheung wei..."""
    bare = SEPARATORS.sub("", text)
    if person and HAN_RUN.fullmatch(bare) and len(bare) in PERSON_NAME_CHARS:
        cut = 2 if bare[:2] in COMPOUND_SURNAMES and len(bare) > 2 else 1
        surname, given = bare[:cut], bare[cut:]
    else:
        surname, given = "", text
    given_marked = _syllables(given)
    surnames = _surname_readings(surname) if surname else [((), False)]
    given_readings = [given_marked, _wade_giles(given)] if surname else [given_marked]
    for (family, english), first in product(surnames, given_readings):
        yield from _orders(family, first, pinyin=not english and first == given_marked)
    family = surnames[0][0]  # the surname's own reading: 曾 is zēng here, not céng
    marked = (*family, *given_marked)
    if marked:
        yield Form(" ".join(marked), "spoken")
        yield Form("".join(marked), "spoken")
        yield Form(" ".join(_numbered(s) for s in marked), "spoken")
        if family:
            yield Form(" ".join((*given_marked, *family)), "spoken")
    for syllables in (given_marked, *(family for family, english in surnames if not english)):
        for syllable in syllables:
            yield Form(_toneless(syllable), "syllable")
        if len(syllables) > 1:
            yield Form(_toneless("".join(syllables)), "part")  # xiaolong, ouyang
    yield Form("".join(_toneless(s)[0] for s in marked if _toneless(s)), "initials")


def _orders(family: tuple[str, ...], given: tuple[str, ...], *, pinyin: bool) -> Iterator[Form]:
    """Surname first and last, syllables spaced, grouped and joined; pinyin's ü also as v."""
    spellings: list[Callable[[str], str]] = [_toneless]
    if pinyin and _has_umlaut((*family, *given)):
        spellings.append(_typed_v)
    for spell in spellings:
        fam, giv = spell("".join(family)), spell("".join(given))
        spaced = " ".join(spell(s) for s in (*family, *given))
        variants = {spaced, f"{fam} {giv}".strip(), f"{giv} {fam}".strip(), fam + giv, giv + fam}
        for variant in sorted(variants):
            yield Form(variant, "spoken")


@lru_cache(maxsize=8192)
def _toneless(syllable: str) -> str:
    """'lǚ' -> 'lu': how pinyin is typed without tone marks."""
    return plain(syllable).replace(" ", "")


def _typed_v(syllable: str) -> str:
    """'lǚ' -> 'lv': how ü is typed on a keyboard without it."""
    decomposed = unicodedata.normalize("NFKD", syllable).replace("u\u0308", "v")
    return _toneless(unicodedata.normalize("NFC", decomposed))


def _has_umlaut(syllables: tuple[str, ...]) -> bool:
    return any("\u0308" in unicodedata.normalize("NFKD", s) for s in syllables)


def _surname_readings(surname: str) -> list[tuple[tuple[str, ...], bool]]:
    """(syllables, is an English spelling) for each way the surname is said."""
    readings = [SURNAME_READINGS.get(surname), _syllables(surname)]
    found = [(r, False) for r in dict.fromkeys(r for r in readings if r)]
    found += [((spelling,), True) for spelling in ENGLISH_SURNAMES.get(surname, ())]
    wade = _wade_giles(surname)
    if wade and _toneless("".join(wade)) not in {_toneless("".join(r)) for r, _ in found}:
        found.append((wade, True))
    return found


@lru_cache(maxsize=8192)
def _syllables(text: str) -> tuple[str, ...]:
    """Tone-marked pinyin of the Han characters; other characters kept."""
    if not text:
        return ()
    from pypinyin import Style, lazy_pinyin  # noqa: PLC0415 (0.2 s: only for Chinese names)

    return tuple(s for s in (fold(p) for p in lazy_pinyin(text, style=Style.TONE)) if s)


@lru_cache(maxsize=8192)
def _numbered(syllable: str) -> str:
    """'zhāng' -> 'zhang1', as typed on a keyboard without tone marks; 'lǚ' -> 'lv3'."""
    from pypinyin.contrib.tone_convert import to_tone3  # noqa: PLC0415

    return str(to_tone3(syllable, v_to_u=False))


def _wade_giles(text: str) -> tuple[str, ...]:
    """Taiwan's and older books' spelling: 张晓龙 is Chang Hsiao-lung."""
    return tuple(_wade(syllable) for syllable in _syllables(text))


@lru_cache(maxsize=8192)
def _wade(syllable: str) -> str:
    from pypinyin import Style  # noqa: PLC0415
    from pypinyin.style import convert  # noqa: PLC0415

    spelled = fold(convert(syllable, Style.WADEGILES, True)).replace("v", "ü")  # pypinyin's v
    return APOSTROPHES.sub("", spelled)


def _names(item: str | Named) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    if isinstance(item, str):
        return item, (), ()
    return item.name, tuple(item.nicknames), tuple(item.relations)


EXACT_KINDS = frozenset({"name", "nickname", "spoken", "relation"})
WORD_KINDS = frozenset({"name", "nickname", "spoken", "part", "syllable"})


@dataclass
class ContactIndex(Generic[T]):
    """A contact list, indexed once, to match many said names against in microseconds."""

    contacts: Sequence[T]
    exact: dict[str, set[int]] = field(default_factory=dict)  # key -> positions
    sounds: dict[str, set[int]] = field(default_factory=dict)  # as exact, without relations
    words: dict[str, set[int]] = field(default_factory=dict)
    phrases: dict[int, list[str]] = field(default_factory=dict)  # " plain form " by position
    han: list[tuple[int, str]] = field(default_factory=list)  # Han forms, for a part of one
    initials: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, contacts: Sequence[T]) -> ContactIndex[T]:
        index = cls(contacts)
        for position, item in enumerate(contacts):
            for form in forms(*_names(item)):
                index.add(position, form)
        return index

    def add(self, position: int, form: Form) -> None:
        spaced = plain(form.text)
        if form.kind == "initials":
            if len(spaced) >= MIN_INITIALS and spaced.isalpha():
                self.initials.setdefault(spaced, set()).add(position)
            return
        if form.kind in EXACT_KINDS:
            self.exact.setdefault(spaced.replace(" ", ""), set()).add(position)
            if form.kind != "relation":
                self.sounds.setdefault(spaced.replace(" ", ""), set()).add(position)
        if form.kind in WORD_KINDS:
            for word in spaced.split():
                self.words.setdefault(word, set()).add(position)
            self.phrases.setdefault(position, []).append(f" {spaced} ")
            if HAN.search(spaced):
                self.han.append((position, spaced))

    def match(self, said: str) -> list[T]:
        """The contacts `said` means, best fit first: the name or a form of it exactly, then
        one that sounds the same (章伟 for 张伟), then a part of one ("Zhang", "伟"), then
        initials that only one contact has. Empty when none fits."""
        spaced = plain(said)
        if not spaced:
            return []
        for positions in (
            self._exact(spaced),
            self._sounds(said),
            self._partial(spaced),
            self._initials(spaced),
        ):
            if positions:
                return [self.contacts[p] for p in sorted(positions)]
        return []

    def _exact(self, spaced: str) -> set[int]:
        for variant in _without_possessive(spaced):
            found = self.exact.get(variant.replace(" ", ""))
            if found:
                return found
        return set()

    def _sounds(self, said: str) -> set[int]:
        if not HAN.search(said):
            return set()
        return set(self.sounds.get(key(" ".join(_syllables(said))), ()))

    def _partial(self, spaced: str) -> set[int]:
        if HAN.search(spaced):
            return {position for position, form in self.han if spaced in form}
        words = spaced.split()
        if len(spaced) < MIN_LATIN_PART or not words:
            return set()
        candidates = set.intersection(*(self.words.get(word, set()) for word in words))
        needle = f" {spaced} "
        return {p for p in candidates if any(needle in phrase for phrase in self.phrases[p])}

    def _initials(self, spaced: str) -> set[int]:
        found = self.initials.get(spaced, set())
        return found if len(found) == 1 else set()  # "zw" for two people names nobody


def _without_possessive(spaced: str) -> Iterator[str]:
    """'my mum' and '我妈' also as 'mum' and '妈'."""
    yield spaced
    for prefix in POSSESSIVES:
        if spaced.startswith(prefix) and len(spaced) > len(prefix):
            yield spaced[len(prefix) :].strip()


def match_contact(said: str, contacts: Sequence[T]) -> list[T]:
    """The contacts (or plain names) `said` means; see `ContactIndex.match`.

    The index of a contact list is kept for the next call with an equal list, so a parser
    may call this once per command without rebuilding it.
    """
    return _index(tuple(contacts)).match(said)


def _index(contacts: tuple[T, ...]) -> ContactIndex[T]:
    try:
        index = _recent(contacts)
    except TypeError:  # unhashable contacts: index them for this call only
        return ContactIndex.of(contacts)
    return index  # type: ignore[return-value]


@lru_cache(maxsize=4)
def _recent(contacts: tuple[str | Named, ...]) -> ContactIndex[str | Named]:
    return ContactIndex.of(contacts)
