"""Helpers to find and edit items in a policy's raw (parsed YAML) data."""

from __future__ import annotations

from typing import Any

Raw = dict[str, Any]


def entry(raw: Raw, section: str, item_id: str) -> Raw:
    """The raw mapping of one item of a list section, found by its id."""
    found: Raw = next(item for item in raw[section] if item["id"] == item_id)
    return found


def index_of(raw: Raw, section: str, item_id: str) -> int:
    return next(i for i, item in enumerate(raw[section]) if item["id"] == item_id)
