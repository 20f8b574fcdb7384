"""What the purpose check, the retention sweep and the export read: derived from the facts
each table declares (`declare`), never listed by hand."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from sqlalchemy import MetaData, Table

from jobexp.adapters.tables.base import declared, metadata
from jobexp.domain.retention import Retain, TableRule
from jobexp.domain.table_facts import EndsWith, ExportSection

__all__ = ["export_sections", "retention_rules", "table_categories"]


def table_categories(tables: MetaData = metadata) -> dict[str, frozenset[str]]:
    """Each table holding a category of the policy, with its categories."""
    return {t.name: frozenset(f.categories) for t, f in declared(tables) if f.categories}


def retention_rules(tables: MetaData = metadata) -> tuple[TableRule, ...]:
    """Every declared rule on its table, children before parents (the order erasure uses:
    rows referencing others end first, so those they kept may end in the same sweep)."""
    ending: dict[tuple[str, str], list[str]] = {}
    for table, facts in declared(tables):
        if isinstance(facts.retention, EndsWith):
            ends = facts.retention
            ending.setdefault((ends.table, ends.how), []).append(table.name)
    return tuple(
        TableRule(
            **_fields(retain),
            table=table.name,
            referenced_by=_referenced_by(table, tables),
            cascades=tuple(ending.get((table.name, "cascade"), ())),
            bookkeeping=tuple(ending.get((table.name, "chain"), ())),
        )
        for table, facts in reversed(list(declared(tables)))
        for retain in facts.rules
    )


def _fields(retain: Retain) -> Mapping[str, Any]:
    return {f.name: getattr(retain, f.name) for f in dataclasses.fields(Retain)}


def _referenced_by(table: Table, tables: MetaData) -> tuple[tuple[str, str], ...]:
    """Columns of other tables referring to `table` by a foreign key that does not cascade:
    the rows they refer to must outlive them."""
    return tuple(
        (other.name, fk.parent.name)
        for other in tables.sorted_tables
        for fk in other.foreign_keys
        if fk.column.table is table and fk.ondelete is None and other is not table
    )


def export_sections(tables: MetaData = metadata) -> tuple[tuple[str, ExportSection], ...]:
    """(table, section) of every table in the export, in the order the export shows them;
    a section's categories, unless it names its own, are its table's."""
    found = [
        (table.name, dataclasses.replace(f.export, categories=f.export.categories or f.categories))
        for table, f in declared(tables)
        if isinstance(f.export, ExportSection)
    ]
    return tuple(sorted(found, key=lambda pair: pair[1].order))
