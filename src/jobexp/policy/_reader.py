"""Typed reading of parsed YAML, where every failure names the file, the place and the problem."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import NoReturn

from jobexp.policy.model import LocalizedText


class PolicyError(Exception):
    """The policy file is malformed; the service must not start with it."""


def describe(value: object) -> str:
    """A short type name for error messages, hinting at YAML's unquoted-scalar traps."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value} (quote it if it is an id)"
    if isinstance(value, datetime | date):
        return f"the date {value.isoformat()} (quote it if it is text)"
    if value is None:
        return "nothing"
    names: dict[type, str] = {list: "a list", dict: "a mapping", str: "a string"}
    return names.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class Node:
    """A YAML mapping at a known place in a known file."""

    file: str
    place: str
    data: Mapping[str, object]

    @classmethod
    def of(
        cls,
        value: object,
        file: str,
        place: str,
        required: Collection[str],
        optional: Collection[str] = (),
    ) -> Node:
        if not isinstance(value, dict):
            fail(file, place, f"expected a mapping, got {describe(value)}")
        node = cls(file, place, value)
        node.check_keys(required, optional)
        return node

    def check_keys(self, required: Collection[str], optional: Collection[str]) -> None:
        allowed = set(required) | set(optional)
        for key in self.data:
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                self.fail_at(str(key), f"unknown key (expected one of: {expected})")
        for key in required:
            if key not in self.data:
                fail(self.file, self.place, f"missing required key '{key}'")

    def where(self, key: str) -> str:
        return f"{self.place}.{key}" if self.place else key

    def fail_at(self, key: str, problem: str) -> NoReturn:
        fail(self.file, self.where(key), problem)

    def string(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail_at(key, f"expected non-empty text, got {describe(value)}")
        return value

    def opt_string(self, key: str) -> str | None:
        return None if self.data.get(key) is None else self.string(key)

    def flag(self, key: str, default: bool | None = None) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail_at(key, f"expected true or false, got {describe(value)}")
        return value

    def positive_int(self, key: str) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail_at(key, f"expected a whole number of days, got {describe(value)}")
        if value <= 0:
            self.fail_at(key, f"must be positive, got {value}")
        return value

    def day(self, key: str) -> date:
        value = self.data.get(key)
        if not isinstance(value, date) or isinstance(value, datetime):
            self.fail_at(key, f"expected a date like 2026-11-29, got {describe(value)}")
        return value

    def opt_day(self, key: str) -> date | None:
        return None if self.data.get(key) is None else self.day(key)

    def choice(self, key: str, options: Collection[str], default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value not in options:
            self.fail_at(key, f"{value!r} is not one of {', '.join(options)}")
        assert isinstance(value, str)
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.fail_at(key, f"expected a list, got {describe(value)}")
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.fail_at(f"{key}[{index}]", f"expected text, got {describe(item)}")
        return tuple(value)

    def localized(self, key: str) -> LocalizedText:
        node = self.child(key, required=("en", "zh-CN"))
        return LocalizedText(en=node.string("en"), zh_CN=node.string("zh-CN"))

    def child(self, key: str, required: Collection[str], optional: Collection[str] = ()) -> Node:
        return Node.of(self.data.get(key), self.file, self.where(key), required, optional)

    def entries(self, key: str) -> Iterator[tuple[str, object]]:
        """The key/value pairs of a mapping under `key` (absent means empty)."""
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            self.fail_at(key, f"expected a mapping, got {describe(value)}")
        for entry_key, entry in value.items():
            if not isinstance(entry_key, str):
                self.fail_at(key, f"key {entry_key!r} must be text (quote it)")
            yield entry_key, entry

    def items(self, key: str, required: Collection[str], optional: Collection[str]) -> list[Node]:
        """A list of mappings that each carry a unique `id`, named `key[i] (id)` in errors."""
        value = self.data.get(key)
        if not isinstance(value, list):
            self.fail_at(key, f"expected a list, got {describe(value)}")
        nodes: list[Node] = []
        seen: dict[str, str] = {}
        for index, raw in enumerate(value):
            label = raw.get("id") if isinstance(raw, dict) else None
            place = self.where(f"{key}[{index}]") + (
                f" ({label})" if isinstance(label, str) else ""
            )
            node = Node.of(raw, self.file, place, required, optional)
            item_id = node.string("id")
            if item_id in seen:
                node.fail_at("id", f"duplicate id '{item_id}' (also {seen[item_id]})")
            seen[item_id] = place
            nodes.append(node)
        return nodes


def fail(file: str, place: str, problem: str) -> NoReturn:
    raise PolicyError(f"{file}: {place}: {problem}" if place else f"{file}: {problem}")
