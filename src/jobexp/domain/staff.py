"""Staff roles and what each may do: least privilege, checked before every console action.

Support answers users and files requests; a privacy officer decides disclosures, approves
access to a minor's data and runs incidents; an administrator manages staff and partner
grants but sees no user's data. Nothing is granted by default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from jobexp.domain.errors import Forbidden, InvalidInput

Role = Literal["support", "privacy_officer", "administrator"]
ROLES: tuple[Role, ...] = get_args(Role)

Permission = Literal[
    "user.view",
    "disclosure.file",
    "disclosure.decide",
    "disclosure.execute",
    "violation.record",
    "minor.approve",
    "incident.manage",
    "grant.manage",
    "staff.manage",
    "deletion.manage",
]

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    "support": frozenset({"user.view", "disclosure.file", "violation.record", "deletion.manage"}),
    "privacy_officer": frozenset(
        {
            "user.view",
            "disclosure.file",
            "disclosure.decide",
            "disclosure.execute",
            "violation.record",
            "minor.approve",
            "incident.manage",
            "deletion.manage",
        }
    ),
    "administrator": frozenset({"grant.manage", "staff.manage"}),
}


@dataclass(frozen=True)
class StaffMember:
    id: str
    email: str
    role: Role

    def may(self, permission: Permission) -> bool:
        return permission in PERMISSIONS[self.role]


def parse_role(value: str) -> Role:
    for role in ROLES:
        if role == value:
            return role
    raise InvalidInput("console.role_unknown", role=value, roles=", ".join(ROLES))


def require(member: StaffMember, permission: Permission) -> None:
    """Refuse an action the member's role does not include."""
    if not member.may(permission):
        raise Forbidden("console.not_permitted", permission=permission)


def stated_purpose(text: str) -> str:
    """The reason a member of staff gives for looking at a user's data: required, kept short."""
    purpose = " ".join(text.split())
    if len(purpose) < 10:
        raise InvalidInput("console.purpose_required")
    return purpose[:300]
