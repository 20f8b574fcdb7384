"""What the assistant still has to ask, and what it says when it cannot help.

Shared by the web ask box, `POST /api/v1/ask` and `jobexp device ask`, so the device and the
server ask the same question for the same missing slot, in English and Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobexp.nlu.model import Lang, Parse

__all__ = ["CAPABILITIES", "Question", "missing_slot", "question_for"]


@dataclass(frozen=True)
class Question:
    """A follow-up question for one slot, in both languages."""

    slot: str
    en: str
    zh: str

    def text(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


# Which slots an intent cannot run without, in the order they are asked for.
REQUIRED: dict[str, tuple[str, ...]] = {
    "call": ("contact",),
    "message": ("contact", "body"),
    "task.create": ("title",),
    "calendar.add": ("title", "when"),
    "navigate": ("destination",),
    "ticket.book": ("destination",),
}
TRAVEL_KINDS = frozenset(("train", "flight", "bus"))

QUESTIONS: dict[tuple[str, str], Question] = {
    ("call", "contact"): Question("contact", "Who do you want to call?", "打给谁？"),
    ("message", "contact"): Question("contact", "Who is the message for?", "发给谁？"),
    ("message", "body"): Question("body", "What should the message say?", "消息要说什么？"),
    ("task.create", "title"): Question("title", "Remind you of what?", "提醒你什么？"),
    ("calendar.add", "title"): Question("title", "What is the event?", "是什么日程？"),
    ("calendar.add", "when"): Question("when", "When is it?", "什么时候？"),
    ("navigate", "destination"): Question("destination", "Where to?", "去哪里？"),
    ("ticket.book", "destination"): Question("destination", "Where to?", "去哪里？"),
    ("ticket.book", "origin"): Question("origin", "From where?", "从哪里出发？"),
}

CAPABILITIES = Question(
    "",
    "Sorry, that is not something I can do. I can check the weather, keep tasks and "
    "reminders, give directions and book train, flight, bus, movie and concert tickets; "
    "on your phone I can also make calls, send messages and read or add to your calendar.",
    "抱歉，这个我还做不到。我可以查天气、记待办和提醒、导航，以及订火车、飞机、大巴、"
    "电影和演唱会的票；在手机上还可以打电话、发消息，查看或添加日程。",
)


def missing_slot(parse: Parse) -> str | None:
    """The first slot the intent needs and the parse lacks, or None when it can run."""
    needed = REQUIRED.get(parse.intent, ())
    if parse.intent == "ticket.book" and parse.slots.get("kind") in TRAVEL_KINDS:
        needed = (*needed, "origin")
    if parse.intent == "calendar.add" and parse.problem is not None:
        needed = tuple(slot for slot in needed if slot != "when")  # the problem says why
    return next((slot for slot in needed if not parse.slots.get(slot)), None)


def question_for(parse: Parse) -> Question | None:
    """What to ask next: the missing slot's question, or what JobExp can do for `unknown`."""
    if parse.intent == "unknown":
        return CAPABILITIES
    slot = missing_slot(parse)
    return QUESTIONS[(parse.intent, slot)] if slot is not None else None
