"""What every store is: a class over one open connection.

The unit of work hands out stores by type (`uow.get(Tasks)`) and knows none of them by name;
a feature adds a store by subclassing `Store` in its own adapter module: that is all the
registering there is.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from sqlalchemy import Connection

from jobexp.domain import purpose_scope

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")


class Store:
    """A store over personal data refuses to run outside a purpose check.

    `CATEGORIES` are the policy's data categories its tables hold; the purpose check that
    opened the unit of work must have allowed at least one of them (fail closed). A store of
    no personal data (policy releases, staff) leaves it empty.
    """

    CATEGORIES: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    @property
    def _c(self) -> Connection:
        if self.CATEGORIES:
            purpose_scope.require(self.CATEGORIES, type(self).__name__)
        return self._connection


def record(kind: type[R], row: Any) -> R:
    """A row as its frozen dataclass: every field read by name, so a missing column fails here,
    in the adapter, and never as a `KeyError` in the service layer."""
    mapping = row._mapping
    return kind(**{f.name: mapping[f.name] for f in fields(kind)})


def records(kind: type[R], result: Any) -> list[R]:
    return [record(kind, row) for row in result]


def values(item: DataclassInstance) -> dict[str, Any]:
    """A record's fields as insert values (shallow: nested values stay as they are)."""
    return {f.name: getattr(item, f.name) for f in fields(item)}
