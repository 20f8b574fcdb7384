"""Request and response bodies of the API. Unknown fields are refused everywhere."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from jobexp.types import Locale


def _no_control_characters(value: str) -> str:
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValueError("must not contain control characters")
    return value


Text = Annotated[str, AfterValidator(_no_control_characters)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=1024)


class ErrorField(BaseModel):
    field: str
    problem: str


class ErrorBody(BaseModel):
    code: str
    message: str
    fields: list[ErrorField] = Field(default_factory=list)


class ErrorResponse(BaseModel):
    error: ErrorBody


class GuardianIn(Strict):
    name: Text = Field(min_length=1, max_length=64)
    contact: Text = Field(min_length=1, max_length=254, description="Email or mainland mobile")
    relationship: Literal["parent", "legal_guardian"]
    consents: Literal[True] = Field(description="The guardian agrees to the terms and policy")


class SignUpIn(Strict):
    identifier: Text = Field(
        min_length=1, max_length=254, description="An email address or a mainland mobile number"
    )
    password: Text = Field(min_length=1, max_length=128)
    birth_date: date
    accept_service_agreement: str = Field(
        max_length=64, description="The service agreement version (content hash) accepted"
    )
    accept_privacy_policy: str = Field(
        max_length=64, description="The privacy policy version (content hash) accepted"
    )
    guardian: GuardianIn | None = None
    locale: Locale = "en"
    time_zone: Text = Field(default="Asia/Shanghai", max_length=64)


class AcceptanceOut(BaseModel):
    document: str
    version: str
    channel: str
    accepted_at: datetime


class AccountOut(BaseModel):
    id: str
    identifier: str
    identifier_kind: Literal["email", "mobile"]
    birth_date: date
    is_minor: bool
    data_sensitive: bool
    locale: Locale
    time_zone: str
    created_at: datetime
    guardian_consented_at: datetime | None
    acceptances: list[AcceptanceOut]


class LoginIn(Strict):
    identifier: Text = Field(min_length=1, max_length=254)
    password: Text = Field(min_length=1, max_length=128)


class SessionOut(BaseModel):
    expires_at: datetime
    csrf_token: str


class SessionInfo(BaseModel):
    id: str
    kind: Literal["web", "device"]
    created_at: datetime
    expires_at: datetime
    current: bool


class PasswordChangeIn(Strict):
    current_password: Text = Field(min_length=1, max_length=128)
    new_password: Text = Field(min_length=1, max_length=128)


class PasswordChangeOut(BaseModel):
    ended_sessions: int


class DeviceIn(BaseModel):
    """Only these three fields: no IMEI, MAC, phone number or contacts (clauses 1a, 9a)."""

    model_config = ConfigDict(extra="forbid")

    device_id: str = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="Anonymized device identifier: a keyed hash of a per-install secret",
    )
    network_code: str = Field(pattern=r"^[0-9]{5,6}$", description="MCC followed by MNC")
    country_code: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")


class DeviceLoginIn(Strict):
    identifier: Text = Field(min_length=1, max_length=254)
    password: Text = Field(min_length=1, max_length=128)
    device: DeviceIn


class DeviceTokenOut(BaseModel):
    token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (a scheme name)
    expires_at: datetime


class DocumentsOut(BaseModel):
    privacy_policy: str
    service_agreement: str


class HealthOut(BaseModel):
    status: Literal["ok", "unavailable"]
