"""Cookie names and attributes (clauses 7a-7c, D10, D11).

Outside local development every cookie is Secure and `__Host-` prefixed, so it is sent only
over HTTPS to this exact host. All are HttpOnly and SameSite=Lax (Strict for the session would
drop it on a link from an email to the account page; CSRF tokens cover unsafe methods).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from starlette.responses import Response

SESSION = "jx_session"
CSRF = "jx_csrf"
TRUSTED = "jx_device"  # proof that this browser signed in to an account before


@dataclass(frozen=True)
class CookiePolicy:
    secure: bool

    def name(self, base: str) -> str:
        return f"__Host-{base}" if self.secure else base

    def set(self, response: Response, base: str, value: str, max_age: timedelta | None) -> None:
        response.set_cookie(
            self.name(base),
            value,
            max_age=None if max_age is None else int(max_age.total_seconds()),
            path="/",
            secure=self.secure,
            httponly=True,
            samesite="lax",
        )

    def clear(self, response: Response, base: str) -> None:
        response.delete_cookie(
            self.name(base), path="/", secure=self.secure, httponly=True, samesite="lax"
        )
