"""The export holds every kind of data the service keeps about the user (D18; PIPL 45),
readably named in both languages."""

from __future__ import annotations

from sqlalchemy import func, select

from jobexp.adapters import tables as t
from jobexp.i18n import catalog
from jobexp.service_layer import data_rights, discontinuation
from jobexp.service_layer.context import RequestContext, Services
from tests.support.deletion import seed_account

WEB = RequestContext("127.0.0.1", "web")


def _export(svc: Services) -> data_rights.Export:
    seeded = seed_account(svc, "kept@example.com")
    return data_rights.export(svc, seeded.user_id, WEB, "en")


def test_the_assistants_data_is_exported_decrypted(svc: Services) -> None:
    export = _export(svc)
    [task] = export.section("tasks").items
    assert task["title"] == "Dentist at Dr. Lin's"
    [place] = export.section("places").items
    assert (place["kind"], place["label"]) == ("home", "Home")
    assert place["point"].startswith("39.9042")
    for section in (export.section("tasks"), export.section("places")):
        assert section.retention_days == 365  # task_appointments' period, as the sweep's


def test_partner_data_comes_with_its_source_consent_and_own_period(svc: Services) -> None:
    [record] = _export(svc).section("partner_records").items
    assert record["value"] == "seed@partner.example"
    assert (record["source"], record["consent_reference"]) == (
        "marketing_partner:feed.csv:2",
        "partner-consent-1",
    )
    assert record["retained_until"] > record["imported_at"]


def test_leak_reports_incident_notices_and_queued_shares_are_exported(svc: Services) -> None:
    export = _export(svc)
    [report] = export.section("leak_reports").items
    assert report["description"] == "phishing mail naming my account"
    [notice] = export.section("incident_notices").items
    assert (notice["cause"], notice["remedies"]) == ("cause", "remedies")
    [share] = export.section("shares").items
    assert (share["recipient"], share["status"]) == ("marketing_partner", "pending")


def test_every_section_and_field_has_a_name_in_both_languages(svc: Services) -> None:
    export = _export(svc)
    for locale in ("en", "zh-CN"):
        names = catalog(locale)
        for section in export.sections:
            assert f"export.section.{section.id}" in names, (locale, section.id)
            for item in section.items:
                missing = [k for k in item if f"export.field.{k}" not in names]
                assert not missing, (locale, section.id, missing)


def test_every_table_declaring_an_export_section_is_in_the_export_with_all_its_rows(
    svc: Services,
) -> None:
    seeded = seed_account(svc, "kept@example.com")
    discontinuation.announce(svc, 30, WEB)  # a notice for the account
    export = data_rights.export(svc, seeded.user_id, WEB, "en")
    assert [s.id for s in export.sections] == [s.id for _, s in t.EXPORT_SECTIONS]
    with svc.database.engine.connect() as connection:
        for name, section in t.EXPORT_SECTIONS:
            table = t.metadata.tables[name]
            owner = seeded.ref if section.pseudonymous else seeded.user_id
            query = select(func.count()).where(table.c[section.owner] == owner)
            held = connection.execute(query).scalar_one()
            if name != "disclosure_ledger":  # the seed discloses nothing
                assert held, f"seed_account puts no row in {name}: give it one"
            # +1: the export's own audit entry is written before the security log is read
            extra = 1 if name == "audit_log" else 0
            assert len(export.section(section.id).items) + extra == held, name


def test_every_section_reads_categories_the_export_is_allowed() -> None:
    # The account section lists the password hash, but gives it out only as withheld.
    allowed = {*data_rights.EXPORT_CATEGORIES, "password_hash"}
    for _, section in t.EXPORT_SECTIONS:
        assert set(section.categories or ()) <= allowed, section.id
    declared = {section.id for _, section in t.EXPORT_SECTIONS}
    assert set(data_rights._FROM_USE_CASES) <= declared
    assert set(data_rights._DECRYPTED) <= declared
