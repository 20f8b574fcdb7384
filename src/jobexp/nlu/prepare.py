"""The text as the classifier reads it: cleaned like the templates' text, times as one token.

"wake me up at 6" and "wake me up tomorrow at 7:30" are one kind of request; the classifier
sees "wake me up <time>" for both, so it learns the words, not the clock.
"""

from __future__ import annotations

from jobexp.nlu import timex_en, timex_zh
from jobexp.nlu.model import Lang
from jobexp.nlu.text import clean

__all__ = ["FINDERS", "TIME_TOKEN", "for_classifier"]

FINDERS = {"en": timex_en.find_time, "zh": timex_zh.find_time}
TIME_TOKEN = "<time>"  # noqa: S105 (a placeholder word, not a secret)


def for_classifier(text: str, lang: Lang) -> str:
    cleaned = clean(text, lang)
    parts, rest = FINDERS[lang](cleaned)
    return f"{rest} {TIME_TOKEN}".strip() if parts.found else rest
