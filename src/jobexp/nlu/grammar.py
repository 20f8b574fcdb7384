"""The sentence templates, read from the packaged YAML and compiled by hassil once."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import yaml
from hassil import Intents

from jobexp.nlu.model import Lang

__all__ = ["load_grammar", "template_text"]


def template_text(lang: Lang) -> str:
    return files("jobexp.nlu").joinpath("templates", f"{lang}.yaml").read_text(encoding="utf-8")


def load_grammar(lang: Lang) -> Intents:
    """The templates, parsed now: hassil would otherwise parse each intent on first use."""
    data: dict[str, Any] = yaml.safe_load(template_text(lang))
    intents = Intents.from_dict(data)
    for intent in intents.intents.values():
        for intent_data in intent.data:
            for sentence in intent_data.sentences:
                sentence.get_required_clauses(
                    {**intents.expansion_rules, **intent_data.expansion_rules}
                )
    return intents
