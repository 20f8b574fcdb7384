"""One JSON line in, one JSON line out: `jobexp nlu parse --jsonl`, for evaluation in bulk.

Each input line is `{"text": ..., "lang": "en"|"zh"|"auto"}` (`lang` may be left out: auto).
A line that is not such an object answers `{"error": ...}`; the next line goes on.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from jobexp.nlu.engine import Nlu
from jobexp.nlu.model import LangChoice, SlotLists

__all__ = ["answer_line"]

LANGS: dict[str, LangChoice] = {"en": "en", "zh": "zh", "auto": "auto"}


def answer_line(nlu: Nlu, line: str, *, now: datetime, tz: str, lists: SlotLists) -> str:
    try:
        text, lang = _request(line)
    except ValueError as exc:
        return json.dumps({"error": str(exc)}, ensure_ascii=False)
    return nlu.parse(text, lang=lang, now=now, tz=tz, slot_lists=lists).to_json()


def _request(line: str) -> tuple[str, LangChoice]:
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(data, dict):
        raise ValueError('each line must be a JSON object like {"text": "...", "lang": "en"}')
    text = data.get("text")
    if not isinstance(text, str):
        raise ValueError('"text" must be a string')
    lang = (
        LANGS.get(data.get("lang") or "auto") if isinstance(data.get("lang"), str | None) else None
    )
    if lang is None:
        raise ValueError('"lang" must be "en", "zh" or "auto"')
    return text, lang
