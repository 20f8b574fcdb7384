"""Shared steps of the disclosure conformance tests: file, approve, execute."""

from __future__ import annotations

from jobexp.domain.disclosure_requests import Filing
from jobexp.domain.staff import StaffMember
from jobexp.service_layer import disclosure_requests as requests
from jobexp.service_layer.context import Services
from tests.support.governance import add_staff


def officers(svc: Services) -> tuple[StaffMember, StaffMember]:
    """The member who files and a different privacy officer who decides."""
    return add_staff(svc, "support"), add_staff(svc, "privacy_officer")


def disclose(svc: Services, filing: Filing) -> str:
    """File, approve (by someone else) and execute; return the request's id."""
    filer, approver = officers(svc)
    request_id = requests.file(svc, filer, filing)
    requests.decide(svc, approver, request_id, approve=True)
    requests.execute(svc, approver, request_id)
    return request_id
