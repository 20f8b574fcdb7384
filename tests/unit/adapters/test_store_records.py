"""Every record a governance, deletion or discontinuation store returns mirrors its tables.

A record's fields are the columns of the tables it names in `MIRRORS`, less those it names in
`OMITTED`; a nullable column is an optional field and a NOT NULL one is not. So a renamed or
added column fails here, and a renamed field fails `mypy` wherever the service layer reads it.
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import pytest
from sqlalchemy import Column, TypeDecorator

from jobexp.adapters import deletion_records, discontinuation_store, governance_records
from jobexp.adapters import tables as t

MODULES = (governance_records, deletion_records, discontinuation_store)


def _records() -> list[type[Any]]:
    return [
        kind
        for module in MODULES
        for kind in vars(module).values()
        if isinstance(kind, type)
        and dataclasses.is_dataclass(kind)
        and kind.__module__ == module.__name__
    ]


def _columns(kind: type[Any]) -> dict[str, Column[Any]]:
    """The mirrored columns by name; the first table that has a name gives its column."""
    found: dict[str, Column[Any]] = {}
    for name in reversed(kind.MIRRORS):
        found.update({c.name: c for c in t.metadata.tables[name].columns})
    return found


def _python_type(column: Column[Any]) -> type[Any]:
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return kind.python_type


def _optional(hint: Any) -> tuple[bool, Any]:
    if get_origin(hint) in (Union, types.UnionType):
        rest = [a for a in get_args(hint) if a is not type(None)]
        return len(rest) < len(get_args(hint)), rest[0] if len(rest) == 1 else hint
    return False, hint


def test_the_modules_define_records() -> None:
    assert len(_records()) >= 17


@pytest.mark.parametrize("kind", _records(), ids=lambda k: k.__name__)
def test_a_record_has_exactly_the_columns_it_mirrors(kind: type[Any]) -> None:
    columns = _columns(kind)
    assert set(columns) >= kind.OMITTED, f"{kind.__name__} omits columns its tables lack"
    fields = {f.name for f in dataclasses.fields(kind)}
    assert fields == set(columns) - kind.OMITTED


@pytest.mark.parametrize("kind", _records(), ids=lambda k: k.__name__)
def test_a_record_field_is_optional_exactly_when_its_column_is_nullable(kind: type[Any]) -> None:
    columns = _columns(kind)
    for name, hint in get_type_hints(kind).items():
        if name in columns:
            optional, _ = _optional(hint)
            assert optional == bool(columns[name].nullable), f"{kind.__name__}.{name}"


@pytest.mark.parametrize("kind", _records(), ids=lambda k: k.__name__)
def test_a_record_field_holds_its_column_type(kind: type[Any]) -> None:
    columns = _columns(kind)
    for name, hint in get_type_hints(kind).items():
        if name not in columns:
            continue
        _, inner = _optional(hint)
        if get_origin(inner) is Literal:
            inner = type(get_args(inner)[0])
        inner = getattr(inner, "__supertype__", inner)  # a NewType id: its str
        assert issubclass(_python_type(columns[name]), inner), f"{kind.__name__}.{name}"
