"""Bodies of the account deletion endpoints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from jobexp.entrypoints.api.schemas import Strict

ShownState = Literal["requested", "scheduled", "on_hold", "erasing", "erased", "cancelled"]


class DeletionIn(Strict):
    password: str = Field(min_length=1, max_length=1024, description="Your current password")


class DeletionOut(BaseModel):
    state: ShownState
    requested_at: datetime
    requested_by: Literal["self", "staff"]
    deadline: date = Field(description="The last PRC working day to complete the deletion")
    deadline_ends_at: datetime = Field(description="Midnight after the deadline, Asia/Shanghai")
    remaining_seconds: int | None = Field(description="Until the deadline ends; None if closed")
    overdue: bool
    erase_after: datetime = Field(description="Erasure begins after this; cancel until then")
    cancellable: bool
    cancelled_at: datetime | None
    erased_at: datetime | None
    receipt_id: str
    receipt_url: str


class PartnerNoticeOut(BaseModel):
    recipient: str
    acknowledged_at: datetime | None


class ReceiptOut(BaseModel):
    receipt_id: str
    state: ShownState
    requested_at: datetime
    deadline: date
    erased_at: datetime | None
    summary: dict[str, Any] | None = Field(description="What was erased; None until erased")
    partners: list[PartnerNoticeOut]
