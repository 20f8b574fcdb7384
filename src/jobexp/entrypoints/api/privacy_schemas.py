"""Bodies of the consent and policy endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from jobexp.entrypoints.api.schemas import Strict

Decision = Literal["granted", "withdrawn", "refused"]


class ConsentOut(BaseModel):
    purpose: str
    purpose_name: str
    recipient: str | None
    recipient_name: str | None
    categories: list[str]
    legal_basis: str
    decision: Decision | None = Field(description="None: never asked")
    decided_at: datetime | None
    policy_version: str | None


class ConsentIn(Strict):
    purpose: str = Field(min_length=1, max_length=64, pattern=r"^[a-z_]+$")
    recipient: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[a-z_]+$")
    decision: Decision


class ConsentEventOut(BaseModel):
    purpose: str
    recipient: str | None
    decision: Decision
    policy_version: str
    channel: str
    at: datetime


class PolicyReleaseOut(BaseModel):
    seq: int
    version: str
    label: str
    kind: Literal["initial", "minor", "material"]
    published_at: datetime
    affected_purposes: list[str]


class PolicyStatusOut(BaseModel):
    current: PolicyReleaseOut
    pending: Literal["minor", "material"] | None = Field(
        description="An update this user has not accepted yet, and its kind"
    )
    blocked_purposes: list[str] = Field(description="Stopped until the user accepts (D1)")


class PolicyAcceptIn(Strict):
    version: str = Field(min_length=64, max_length=64, pattern=r"^[0-9a-f]{64}$")
