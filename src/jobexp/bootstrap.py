"""The composition root: the one place that chooses the database, keys, clock and hasher."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import make_url

from jobexp.adapters.database import Database
from jobexp.adapters.db import create_database_engine
from jobexp.adapters.hashing import Argon2idHasher, BoundedHasher
from jobexp.adapters.key_check import check_master_key
from jobexp.adapters.key_vault import KeyVault, vault_engine
from jobexp.adapters.keys import KeyStore, KeyUnusable, MasterKeyStore, load_or_create_master_key
from jobexp.adapters.migrate import upgrade
from jobexp.adapters.partner_http import HttpPartnerNotifier
from jobexp.adapters.ticket_partner import HttpTicketPartner
from jobexp.adapters.weather import OpenMeteo
from jobexp.clock import Clock, SystemClock
from jobexp.config import AssistantSettings, Settings
from jobexp.domain.erasure_notices import PartnerNotifier
from jobexp.policy.loader import load_policy, policy_text
from jobexp.service_layer.audit import record_denial
from jobexp.service_layer.context import DerivedKeys, Services
from jobexp.service_layer.policy_releases import PolicyRegistry
from jobexp.service_layer.ports import AssistantParts, NavigationProvider
from jobexp.service_layer.purposes import PurposeGuard
from jobexp.service_layer.region import check_store_region


@dataclass(frozen=True)
class Overrides:
    """Parts a test or benchmark may swap; None means the production choice."""

    clock: Clock | None = None
    keys: KeyStore | None = None
    # Only a benchmark measuring the purpose check's own cost turns it off.
    purpose_checks: bool = True
    assistant: AssistantParts | None = None
    partners: PartnerNotifier | None = None


@dataclass(frozen=True)
class Parts:
    """The features' own parts, wired here beside the core and handed to what uses them."""

    assistant: AssistantParts  # weather, navigation and ticket-booking providers
    partners: PartnerNotifier  # where erasure notices go (D7)


def parts(settings: Settings, overrides: Overrides | None = None) -> Parts:
    chosen = overrides or Overrides()
    return Parts(
        assistant=chosen.assistant or assistant_parts(settings.assistant),
        partners=chosen.partners or partner_notifier(settings),
    )


def partner_notifier(settings: Settings) -> PartnerNotifier:
    return HttpPartnerNotifier(settings.partner_erasure_urls)


def bootstrap(
    settings: Settings, overrides: Overrides | None = None, *, migrate: bool = True
) -> Services:
    chosen = overrides or Overrides()
    # Before the store is touched: no personal data is written outside the region (D5).
    check_store_region(settings.store_region, load_policy(settings.policy_file).region.storage)
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    keys = chosen.keys or MasterKeyStore(load_or_create_master_key(settings.master_key_path))
    engine = create_database_engine(settings.database_url, settings.db_pool)
    vault = key_vault(settings)
    if migrate:
        upgrade(engine, vault)
    clock = chosen.clock or SystemClock()
    try:
        check_master_key(engine, keys, clock.now())
    except KeyUnusable:
        engine.dispose()  # this process will not start: close what it opened
        raise
    hasher = BoundedHasher(Argon2idHasher(settings.password_hashing), settings.hashing_capacity)
    database = Database(engine)
    policies = PolicyRegistry(database, clock)
    policies.ensure_initial(*policy_text(settings.policy_file))
    # Checked again against the release in force (a later release may name another region).
    check_store_region(settings.store_region, policies.published().rules.region)
    derived = DerivedKeys.from_store(keys)
    return Services(
        settings=settings,
        database=database,
        clock=clock,
        keys=keys,
        vault=vault,
        derived=derived,
        hasher=hasher,
        policies=policies,
        guard=PurposeGuard(
            policies, clock, enabled=chosen.purpose_checks, hold_ref=derived.user_tag
        ),
        audit_denial=record_denial,
    )


def key_vault(settings: Settings) -> KeyVault:
    """The data keys' own store, which must not be the personal-data store (D7)."""
    if make_url(settings.vault_url) == make_url(settings.database_url):
        raise KeyUnusable(
            "JOBEXP_KEY_VAULT_URL names the personal-data store: the data keys must live "
            "apart from it, or a backup of it could still be read after an erasure (D7)"
        )
    return KeyVault(vault_engine(settings.vault_url, settings.key_vault_pool))


def assistant_parts(settings: AssistantSettings) -> AssistantParts:
    """The real weather and ticket clients, and the navigation hand-off, from the settings."""
    timeout = settings.provider_timeout_seconds
    url, key = settings.ticket_partner_url, settings.ticket_partner_key
    return AssistantParts(
        weather=OpenMeteo(settings.weather_url, settings.geocoding_url, timeout),
        navigation=NavigationProvider(
            settings.navigation_style, settings.navigation_url, settings.navigation_name
        ),
        tickets=HttpTicketPartner(url, key, timeout) if url and key else None,
    )
