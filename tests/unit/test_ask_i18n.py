"""The ask box speaks both languages: every key it uses, every intent, slot and kind."""

from __future__ import annotations

import re
from pathlib import Path

import jobexp
from jobexp.i18n import catalog
from jobexp.nlu.model import INTENTS, KINDS, SLOT_NAMES
from jobexp.types import Locale

SOURCES = Path(jobexp.__file__).parent
USED = re.compile(r"""["'](ask\.[a-z_.]+[a-z_])["']""")


def _ask_keys(locale: Locale) -> set[str]:
    return {k for k in catalog(locale) if k.startswith("ask.")}


def test_both_languages_have_the_same_ask_keys() -> None:
    assert _ask_keys("en") == _ask_keys("zh-CN")


def test_every_literal_ask_key_in_the_code_and_pages_exists() -> None:
    files = [*SOURCES.rglob("*.py"), *SOURCES.rglob("*.html")]
    used = {key for f in files for key in USED.findall(f.read_text(encoding="utf-8"))}
    assert "ask.title" in used, "the pattern found no keys at all"
    assert used - set(catalog("en")) == set()


def test_every_intent_slot_and_kind_has_words() -> None:
    needed = {
        *(f"ask.intent.{i}" for i in INTENTS),
        *(f"ask.slot.{s}" for s in SLOT_NAMES),
        *(f"ask.kind.{k}" for k in KINDS),
        *(f"ask.on_device.{f}" for f in ("call", "message", "calendar")),
    }
    assert needed <= _ask_keys("en")
