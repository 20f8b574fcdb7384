"""The assistant's messages exist in both languages, for every key its pages and code use."""

from __future__ import annotations

import re
from pathlib import Path

import jobexp
from jobexp.i18n import catalog
from jobexp.types import Locale

SOURCES = Path(jobexp.__file__).parent
USED = re.compile(r"""["'](assistant\.[a-z_.]+[a-z_])["']""")


def _assistant_keys(locale: Locale) -> set[str]:
    return {k for k in catalog(locale) if k.startswith("assistant.")}


def test_both_languages_have_the_same_assistant_keys() -> None:
    assert _assistant_keys("en") == _assistant_keys("zh-CN")


def test_every_literal_assistant_key_in_the_code_and_pages_exists() -> None:
    files = [*SOURCES.rglob("*.py"), *SOURCES.rglob("assistant*.html")]
    used = {key for f in files for key in USED.findall(f.read_text(encoding="utf-8"))}
    assert used, "the pattern found no keys at all"
    missing = {key for key in used - {"assistant.html"} if key not in catalog("en")}
    assert missing == set()
