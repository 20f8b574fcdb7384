"""The age gate (clause P3, decision D6): adults, minors with a guardian, under-14s."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from jobexp.domain.errors import InvalidInput

ADULT_AGE = 18
SENSITIVE_BELOW_AGE = 14  # PIPL art. 28: a child under 14's data is sensitive
OLDEST_PLAUSIBLE_AGE = 130


class AgeBand(Enum):
    ADULT = "adult"
    MINOR = "minor"  # 14-17: needs a guardian's consent
    CHILD = "child"  # under 14: guardian's consent, and all data treated as sensitive


@dataclass(frozen=True)
class AgeAssessment:
    age: int
    band: AgeBand

    @property
    def needs_guardian(self) -> bool:
        return self.band is not AgeBand.ADULT

    @property
    def data_sensitive(self) -> bool:
        return self.band is AgeBand.CHILD


def age_on(birth_date: date, today: date) -> int:
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)


def assess_age(birth_date: date, today: date) -> AgeAssessment:
    """Place a birth date in its band, refusing dates in the future or implausibly old."""
    if birth_date > today:
        raise InvalidInput("birth_date.in_future")
    age = age_on(birth_date, today)
    if age > OLDEST_PLAUSIBLE_AGE:
        raise InvalidInput("birth_date.implausible")
    if age >= ADULT_AGE:
        band = AgeBand.ADULT
    elif age >= SENSITIVE_BELOW_AGE:
        band = AgeBand.MINOR
    else:
        band = AgeBand.CHILD
    return AgeAssessment(age=age, band=band)
