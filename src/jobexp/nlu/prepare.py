"""A command cleaned and its time phrase found, once per parse, for templates and classifier.

The classifier reads the text with the time phrase replaced by one `<time>` word: "wake me up
at 6" and "wake me up tomorrow at 7:30" are one kind of request, so it learns the words, not
the clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobexp.nlu import timex_en, timex_zh
from jobexp.nlu.model import Lang
from jobexp.nlu.text import clean
from jobexp.nlu.timex import TimeParts

__all__ = ["FINDERS", "TIME_TOKEN", "Prepared", "for_classifier", "prepare"]

FINDERS = {"en": timex_en.find_time, "zh": timex_zh.find_time}
TIME_TOKEN = "<time>"  # noqa: S105 (a placeholder word, not a secret)


@dataclass(frozen=True)
class Prepared:
    lang: Lang
    cleaned: str
    parts: TimeParts
    rest: str  # `cleaned` without the time phrase

    @property
    def for_classifier(self) -> str:
        return f"{self.rest} {TIME_TOKEN}".strip() if self.parts.found else self.rest


def prepare(text: str, lang: Lang) -> Prepared:
    cleaned = clean(text, lang)
    parts, rest = FINDERS[lang](cleaned)
    return Prepared(lang, cleaned, parts, rest)


def for_classifier(text: str, lang: Lang) -> str:
    """What the classifier is trained on and scores: the same text a parse prepares."""
    return prepare(text, lang).for_classifier
