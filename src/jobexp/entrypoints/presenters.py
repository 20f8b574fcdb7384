"""Turning service-layer results into response bodies."""

from __future__ import annotations

from jobexp.entrypoints.api.schemas import AcceptanceOut, AccountOut
from jobexp.service_layer.accounts import Profile


def account_out(p: Profile) -> AccountOut:
    return AccountOut(
        id=p.user_id,
        identifier=p.identifier.value,
        identifier_kind=p.identifier.kind,
        birth_date=p.birth_date,
        is_minor=p.is_minor,
        data_sensitive=p.data_sensitive,
        locale=p.locale,
        time_zone=p.time_zone,
        created_at=p.created_at,
        guardian_consented_at=p.guardian_consented_at,
        acceptances=[
            AcceptanceOut(
                document=a.document, version=a.version, channel=a.channel, accepted_at=a.accepted_at
            )
            for a in p.acceptances
        ],
    )
