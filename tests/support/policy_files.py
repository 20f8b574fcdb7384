"""Policy files for publish tests: the packaged text with one thing changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from jobexp.policy.loader import packaged_policy_text

Data = dict[str, Any]


def edited(change: Callable[[Data], None], label: str = "2026-12-15") -> str:
    data: Data = yaml.safe_load(packaged_policy_text()[0])
    data["version_label"] = label
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _item(data: Data, section: str, item_id: str) -> Data:
    item: Data = next(i for i in data[section] if i["id"] == item_id)
    return item


def weather_uses_precise_location(data: Data) -> None:
    """Material: a purpose gains a data category."""
    _item(data, "purposes", "weather")["categories"].append("location_precise")


def reworded_clause(data: Data) -> None:
    """Minor: wording only."""
    clause = data["clauses"]["8b"]
    clause["text"]["en"] = clause["text"]["en"] + " Write to privacy@jobexp.example."


def material_update() -> str:
    return edited(weather_uses_precise_location)


def minor_update() -> str:
    return edited(reworded_clause)
