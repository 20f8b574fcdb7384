"""API routes for seeing, downloading and correcting one's own data (D18)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import Field
from starlette.responses import JSONResponse

from jobexp.entrypoints.api.schemas import AccountOut, ErrorResponse, Strict, Text
from jobexp.entrypoints.presenters import account_out
from jobexp.entrypoints.principal import ApiUser
from jobexp.entrypoints.requests import request_context, request_locale, services
from jobexp.service_layer import accounts, data_rights

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["privacy"])


class CorrectionIn(Strict):
    """What a user corrects alone; birth date and login identifier go through customer service."""

    locale: Literal["en", "zh-CN"] | None = None
    time_zone: Text | None = Field(default=None, min_length=1, max_length=64)


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorResponse} for code in (400, 401, 413, 422, *codes)}


@router.get("/me/export", responses=_errors(403))
def export_my_data(request: Request, principal: ApiUser) -> JSONResponse:
    """Everything JobExp holds about you, with why it is held and until when (JSON)."""
    result = data_rights.export(
        services(request),
        principal.user_id,
        request_context(request, "api"),
        request_locale(request),
    )
    return JSONResponse(
        result.as_json(),
        headers={"Content-Disposition": 'attachment; filename="jobexp-export.json"'},
    )


@router.patch("/me", response_model=AccountOut, responses=_errors(403, 404), tags=["accounts"])
def correct_my_data(body: CorrectionIn, request: Request, principal: ApiUser) -> AccountOut:
    """Correct your language or time zone; the change is recorded in the security log."""
    svc = services(request)
    correction = data_rights.Correction(locale=body.locale, time_zone=body.time_zone)
    data_rights.correct(svc, principal.user_id, correction, request_context(request, "api"))
    return account_out(accounts.profile(svc, principal.user_id))
