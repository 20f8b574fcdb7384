"""Every table declares its facts, and a table about an account is in the export, erasure and
retention, or says why it is not (issue 14)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

from jobexp.adapters import tables as t
from jobexp.adapters.erasure_plan import erasure_order, references_user
from jobexp.adapters.tables.base import declare, not_personal
from jobexp.domain.retention import Retain
from jobexp.domain.table_facts import ERASED, EndsWith, Excluded, ExportSection, TableFacts
from jobexp.policy.loader import load_policy

# Columns that name an account: its id, or its pseudonym (the audit log's).
ACCOUNT_COLUMNS = frozenset({"user_id", "user_ref", "account_id", "subject"})


def about_accounts(metadata: MetaData) -> set[str]:
    """Tables that can hold a row about an account: a column naming one, a foreign key to
    `users` or to such a table, or a reference erasure knows (the login throttle's keys)."""
    found = {
        table.name
        for table in metadata.sorted_tables
        if table.name == "users" or ACCOUNT_COLUMNS & set(table.c.keys()) or references_user(table)
    }
    for table in metadata.sorted_tables:  # parents first: a chain of references is followed
        if any(fk.column.table.name in found for fk in table.foreign_keys):
            found.add(table.name)
    return found


def problems(metadata: MetaData) -> list[str]:
    """What is wrong with the tables' declarations, one line per problem."""
    found: list[str] = []
    accounts = about_accounts(metadata)
    for table in metadata.sorted_tables:
        facts = table.info.get("jobexp")
        if not isinstance(facts, TableFacts):
            found.append(f"{table.name}: declares no TableFacts")
            continue
        if table.name in accounts and not facts.categories:
            found.append(f"{table.name}: about an account, yet declares no data category")
        found.extend(f"{table.name}: {p}" for p in _declaration_problems(table, facts))
    return found


def _declaration_problems(table: Table, facts: TableFacts) -> Iterator[str]:
    columns = set(table.c.keys())
    for name, value in (("export", facts.export), ("erasure", facts.erasure)):
        if isinstance(value, Excluded) and not value.reason.strip():
            yield f"{name} excluded without a reason"
    if isinstance(facts.export, ExportSection):
        section = facts.export
        if not {section.owner, section.order_by} <= columns:
            yield f"export reads by {section.owner}, {section.order_by}: not columns"
        if section.starts_from is not None and section.starts_from not in section.fields:
            yield f"export's period starts from {section.starts_from}, not a field"
    for rule in facts.rules:
        yield from (f"retention names no column {c}" for c in _rule_columns(rule) - columns)
    if isinstance(facts.retention, EndsWith) and facts.retention.how == "cascade":
        cascading = {fk.column.table.name for fk in table.foreign_keys if fk.ondelete == "CASCADE"}
        if facts.retention.table not in cascading:
            yield f"ends with {facts.retention.table}, which no foreign key cascades from"


def _rule_columns(rule: Retain) -> set[str]:
    named = {rule.key, rule.starts_at, rule.owner, rule.still_live, *rule.anonymize}
    named |= {live.column for live in rule.live_while}
    if rule.only is not None:
        named.add(rule.only[0])
    return {c for c in named if c is not None}


def test_every_table_declares_its_facts_and_they_name_its_columns() -> None:
    assert problems(t.metadata) == []


def test_a_table_about_an_account_added_without_its_declaration_fails() -> None:
    scratch = MetaData()
    for table in t.metadata.sorted_tables:
        table.to_metadata(scratch)
    user = ForeignKey("users.id", ondelete="CASCADE")
    Table(
        "notes", scratch, Column("id", Integer, primary_key=True), Column("user_id", String, user)
    )
    Table(
        "note_tags",
        scratch,
        Column("id", Integer, primary_key=True),
        Column("note_id", Integer, ForeignKey("notes.id")),
        info=not_personal("says nothing of anyone"),
    )
    assert problems(scratch) == [
        "notes: declares no TableFacts",
        "note_tags: about an account, yet declares no data category",
    ]


def test_a_declaration_naming_a_missing_column_fails() -> None:
    scratch = MetaData()
    Table(
        "notes",
        scratch,
        Column("id", Integer, primary_key=True),
        Column("user_id", String),
        info=declare(
            categories=("consent_records",),
            retention=(Retain("id", "consent_records", "written_at"),),
            export=ExportSection("notes", 1, ("text",), order_by="written_at"),
            erasure=ERASED,
        ),
    )
    assert problems(scratch) == [
        "notes: export reads by user_id, written_at: not columns",
        "notes: retention names no column written_at",
    ]


def test_an_exclusion_must_say_why() -> None:
    try:
        Excluded(" ")
    except ValueError:
        return
    raise AssertionError("an empty reason was accepted")


def test_erasure_removes_exactly_the_tables_declared_erased() -> None:
    erased = {table.name for table, facts in t.declared() if facts.erasure == ERASED}
    assert erased == {table.name for table in erasure_order()}
    walked = {table.name for table in t.metadata.sorted_tables if references_user(table)}
    assert walked == erased


def test_every_declared_category_is_one_the_policy_defines() -> None:
    defined = {category.id for category in load_policy().categories}
    declared = {c for _, facts in t.declared() for c in facts.categories}
    assert declared <= defined, declared - defined


def test_every_table_about_an_account_is_kept_only_as_long_as_the_policy_says() -> None:
    ruled = {rule.table for rule in t.RULES}
    ending = {table.name for table, facts in t.declared() if isinstance(facts.retention, EndsWith)}
    excluded = {
        table.name for table, facts in t.declared() if isinstance(facts.retention, Excluded)
    }
    assert about_accounts(t.metadata) <= ruled | ending
    assert not (about_accounts(t.metadata) & excluded)


def test_a_table_ending_with_a_chain_names_a_chained_rule() -> None:
    chains = {rule.table for rule in t.RULES if rule.chained}
    for table, facts in t.declared():
        if isinstance(facts.retention, EndsWith) and facts.retention.how == "chain":
            assert facts.retention.table in chains, table.name


def test_export_sections_have_distinct_ids_and_places() -> None:
    sections = [section for _, section in t.EXPORT_SECTIONS]
    assert len({s.id for s in sections}) == len({s.order for s in sections}) == len(sections)
