"""The field types of the policy file, and its errors named by file, place and problem.

Each type below checks one kind of value before pydantic sees it and, when it is wrong, says
so in the words a policy author needs ("expected true or false, got a string"). `report` turns
pydantic's first error into `file: place: problem`, where a place names list items by their
id as well as their index: `categories[3] (calendar).retention.days`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Annotated, NoReturn

from pydantic import BeforeValidator, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

__all__ = [
    "Day",
    "Days",
    "Flag",
    "PolicyError",
    "Text",
    "Texts",
    "describe",
    "each_one_of",
    "fail",
    "items",
    "keys_of",
    "one_of",
    "report",
    "text_keyed",
]


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


def fail(file: str, place: str, problem: str) -> NoReturn:
    raise PolicyError(f"{file}: {place}: {problem}" if place else f"{file}: {problem}")


def problem(text: str, suffix: str = "") -> PydanticCustomError:
    """An error at the value being checked, or at `suffix` below it (".key", "[2]")."""
    return PydanticCustomError("policy", "{problem}", {"problem": text, "suffix": suffix})


def keys_of(data: object, fields: Mapping[str, FieldInfo]) -> object:
    """Check a mapping's keys against a model's fields: unknown keys first, then missing ones."""
    if not isinstance(data, dict):
        raise problem(f"expected a mapping, got {describe(data)}")
    names = {name: info.alias or name for name, info in fields.items()}
    allowed = set(names.values())
    for key in data:
        if key not in allowed:
            expected = ", ".join(sorted(allowed))
            raise problem(f"unknown key (expected one of: {expected})", f".{key}")
    for name, key in names.items():
        if fields[name].is_required() and key not in data:
            raise problem(f"missing required key '{key}'")
    return data


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise problem(f"expected non-empty text, got {describe(value)}")
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise problem(f"expected true or false, got {describe(value)}")
    return value


def _days(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise problem(f"expected a whole number of days, got {describe(value)}")
    if value <= 0:
        raise problem(f"must be positive, got {value}")
    return value


def _day(value: object) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise problem(f"expected a date like 2026-11-29, got {describe(value)}")
    return value


def _texts(value: object) -> list[str]:
    if not isinstance(value, list):
        raise problem(f"expected a list, got {describe(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise problem(f"expected text, got {describe(item)}", f"[{index}]")
    return value


def one_of(options: Collection[str]) -> BeforeValidator:
    """A value that must be one of `options` (the arguments of a Literal)."""

    def check(value: object) -> object:
        if value not in options:
            raise problem(f"{value!r} is not one of {', '.join(options)}")
        return value

    return BeforeValidator(check)


def each_one_of(options: Collection[str]) -> BeforeValidator:
    """A list of texts, each one of `options`."""

    def check(value: object) -> list[str]:
        texts = _texts(value)
        for index, item in enumerate(texts):
            if item not in options:
                raise problem(f"{item!r} is not one of {', '.join(options)}", f"[{index}]")
        return texts

    return BeforeValidator(check)


def items(what: str = "a list") -> BeforeValidator:
    """A list of mappings; `what` describes it when something else was found."""

    def check(value: object) -> object:
        if not isinstance(value, list):
            raise problem(f"expected {what}, got {describe(value)}")
        return value

    return BeforeValidator(check)


def _text_keyed(value: object) -> object:
    if not isinstance(value, dict):
        raise problem(f"expected a mapping, got {describe(value)}")
    for key in value:
        if not isinstance(key, str):
            raise problem(f"key {key!r} must be text (quote it)")
    return value


Text = Annotated[str, BeforeValidator(_text)]
Texts = Annotated[tuple[str, ...], BeforeValidator(_texts)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Days = Annotated[int, BeforeValidator(_days)]
Day = Annotated[date, BeforeValidator(_day)]
text_keyed = BeforeValidator(_text_keyed)


def report(error: ValidationError, file: str, data: object) -> NoReturn:
    """Raise the first problem pydantic found as `file: place: problem`."""
    first = error.errors()[0]
    context = first.get("ctx") or {}
    place = place_of(first["loc"], data) + str(context.get("suffix", ""))
    fail(file, place.removeprefix("."), str(context.get("problem", first["msg"])))


def place_of(loc: tuple[int | str, ...], data: object) -> str:
    """A pydantic location in the words of the file: keys dotted, list items by index and id."""
    place, node = "", data
    for step in loc:
        if isinstance(step, int):
            node = node[step] if isinstance(node, list) and step < len(node) else None
            label = node.get("id") if isinstance(node, dict) else None
            place += f"[{step}]" + (f" ({label})" if isinstance(label, str) else "")
        else:
            node = node.get(step) if isinstance(node, dict) else None
            place += f".{step}"
    return place
