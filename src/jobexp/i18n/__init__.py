"""Every message a user sees, in English and Simplified Chinese."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import cast

from jobexp.types import LOCALES, Locale

DEFAULT_LOCALE: Locale = "en"


@cache
def catalog(locale: Locale) -> dict[str, str]:
    text = files("jobexp.i18n").joinpath(f"{locale}.json").read_text(encoding="utf-8")
    return cast(dict[str, str], json.loads(text))


def translate(key: str, locale: Locale, **params: object) -> str:
    template = catalog(locale).get(key) or catalog(DEFAULT_LOCALE).get(key) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def negotiate(explicit: str | None, accept_language: str | None) -> Locale:
    """An explicit choice (cookie or query) wins; then the browser's first Chinese/English tag."""
    if explicit in LOCALES:
        return explicit
    for part in (accept_language or "").split(","):
        tag = part.split(";", 1)[0].strip().lower()
        if tag.startswith("zh"):
            return "zh-CN"
        if tag.startswith("en"):
            return "en"
    return DEFAULT_LOCALE
