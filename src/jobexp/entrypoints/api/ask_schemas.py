"""Bodies of `POST /api/v1/ask`: a command in, what was understood and the answer out."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from jobexp.entrypoints.api.assistant_schemas import TaskOut, WeatherOut
from jobexp.entrypoints.api.schemas import ErrorBody, Strict, Text
from jobexp.nlu.model import MAX_TEXT_CHARS

__all__ = ["AskActionOut", "AskIn", "AskOut", "ConfirmOut", "ProblemOut"]

Status = Literal[
    "done", "needs_input", "needs_confirmation", "on_device", "not_supported", "failed"
]
Feature = Literal["weather", "task", "navigation", "ticket", "call", "message", "calendar"]


class AskIn(Strict):
    text: Text = Field(
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        description="The command as typed or recognized. Understood, then dropped: it is "
        "never stored or logged.",
        examples=["remind me to buy milk tomorrow at 5pm"],
    )
    lang: Literal["en", "zh", "auto"] = Field(
        default="auto", description="The command's language; `auto` detects it"
    )


class ProblemMessage(BaseModel):
    en: str
    zh: str


class ProblemOut(BaseModel):
    code: Literal["impossible_date", "too_long", "empty"]
    message: ProblemMessage


class ConfirmOut(BaseModel):
    """The request that runs a proposed share, to send only after the user saw `notice`."""

    method: Literal["POST"]
    path: str
    body: dict[str, Any]


class AskActionOut(BaseModel):
    """What JobExp does about the command. Only the keys that apply are present."""

    feature: Feature | None = Field(
        description="The feature that answers; null when JobExp cannot do this"
    )
    status: Status = Field(
        description="`done`: it ran. `needs_input`: answer `question` first. "
        "`needs_confirmation`: show `notice`, then send `confirm`; nothing has been sent. "
        "`on_device`: calls, messages and the calendar run on the phone app. "
        "`not_supported`: `message` says what JobExp can do. `failed`: see `error`."
    )
    message: str = Field(description="The answer in words, in the command's language")
    recipient: str | None = Field(default=None, description="Who would receive the share")
    shares: list[str] | None = Field(default=None, description="The fields it would receive")
    sends: dict[str, str] | None = Field(
        default=None, description="What each of those fields would carry"
    )
    notice: str | None = Field(default=None, description="The third party's notice")
    confirm: ConfirmOut | None = None
    weather: WeatherOut | None = None
    day: date | None = Field(
        default=None, description="The day asked about, in the user's time zone"
    )
    task: TaskOut | None = Field(default=None, description="The task the command created")
    tasks: list[TaskOut] | None = Field(default=None, description="The user's open tasks")
    error: ErrorBody | None = Field(default=None, description="Why it did not run")


class AskOut(BaseModel):
    """`intent`, `slots` and, when present, `problem` and `ambiguous` are exactly the NLU's
    JSON contract (`jobexp nlu parse`); the rest is the answer."""

    intent: str
    slots: dict[str, str]
    problem: ProblemOut | None = Field(
        default=None, description="Present only when something said cannot be used"
    )
    ambiguous: dict[str, list[str]] | None = Field(
        default=None, description="Present only when a name fits several of the user's"
    )
    lang: Literal["en", "zh"] = Field(description="The language the command was understood in")
    missing: str | None = Field(description="The slot still needed, if any")
    question: str | None = Field(
        description="What to ask next (or what JobExp can do), in the command's language"
    )
    action: AskActionOut
