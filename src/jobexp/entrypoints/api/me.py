"""GET /api/v1/me: the hottest authenticated read.

Served without a thread hop for SQLite, and from a read cache while nothing at all has been
committed to the database since the answer was read (see service_layer/read_cache.py): a
logout, a password change or any other write, from any process, makes it read afresh. The
session's timeouts and the purpose check are applied on every request, cached or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from jobexp.adapters.change_watch import ChangeWatch
from jobexp.domain.errors import NotAuthenticated
from jobexp.domain.sessions import SessionRecord, token_digest
from jobexp.entrypoints.presenters import account_out
from jobexp.entrypoints.reads import run_read
from jobexp.entrypoints.requests import request_context, services
from jobexp.entrypoints.security import presented_token, token_in_headers
from jobexp.service_layer import accounts, auth
from jobexp.service_layer.context import Services
from jobexp.service_layer.policy_updates import PolicyNotice, pending_notice
from jobexp.service_layer.read_cache import ReadCache

PATH = "/api/v1/me"
ACCESSES = (auth.READ_SESSION, *accounts.READ_PROFILE)


@dataclass(frozen=True)
class Answer:
    session: SessionRecord
    body: bytes
    notice: PolicyNotice | None

    @property
    def headers(self) -> list[tuple[bytes, bytes]]:
        return [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(self.body)).encode()),
        ]


def new_cache(watch: ChangeWatch | None) -> ReadCache[Answer]:
    return ReadCache(watch)


async def me(request: Request) -> Response:
    svc = services(request)
    token = presented_token(request)
    if token is None:
        raise NotAuthenticated()
    cache: ReadCache[Answer] = request.app.state.me_cache
    key = token_digest(token)
    version = cache.version()  # taken before reading: a commit after it voids the entry
    cached = cache.get(key, version)
    if cached is not None and _still_valid(svc, cached):
        return _respond(request, cached)
    answer, cacheable = await _read(request, svc, token)
    if cacheable:
        cache.put(key, version, answer)
    return _respond(request, answer)


class CachedMe:
    """Answers `GET /api/v1/me` from the read cache before the framework's routing runs.

    Only a hit that is still valid is answered here, with the same body, headers and policy
    flag as the route; everything else (no token, a miss, a session due for a touch) goes on
    to the application, whose route reads, writes what it must and fills the cache. It sits
    inside the edge middleware, so the security headers and the access log apply as always.
    """

    def __init__(self, app: ASGIApp, *, svc: Services, cache: ReadCache[Answer], cookie: str):
        self.app = app
        self.svc = svc
        self.cache = cache
        self.cookie = cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == PATH and scope["method"] == "GET":
            answer = self._hit(scope)
            if answer is not None:
                if answer.notice is not None:
                    scope.setdefault("state", {})["policy_notice"] = answer.notice
                await send(
                    {"type": "http.response.start", "status": 200, "headers": answer.headers}
                )
                await send({"type": "http.response.body", "body": answer.body})
                return
        await self.app(scope, receive, send)

    def _hit(self, scope: Scope) -> Answer | None:
        token = token_in_headers(scope["headers"], self.cookie)
        if token is None:
            return None
        cached = self.cache.get(token_digest(token), self.cache.version())
        return cached if cached is not None and _still_valid(self.svc, cached) else None


def _still_valid(svc: Services, answer: Answer) -> bool:
    now = svc.clock.now()
    session = answer.session
    return (
        session.is_live(now)
        and not session.should_touch(now)
        and svc.guard.allows_without_user(ACCESSES)
    )


async def _read(request: Request, svc: Services, token: str) -> tuple[Answer, bool]:
    read = await run_read(svc, accounts.read_my_account, svc, token)
    ctx = request_context(request, "api")
    wrote = not read.check.live or read.check.needs_touch
    if wrote:
        principal, profile = await run_in_threadpool(accounts.finish_my_account, svc, read, ctx)
    else:
        principal, profile = accounts.finish_my_account(svc, read, ctx)  # nothing to write
    notice = await run_read(svc, pending_notice, svc, principal.user_id)
    assert read.check.session is not None
    body = account_out(profile).model_dump_json().encode()
    return Answer(read.check.session, body, notice), not wrote


def _respond(request: Request, answer: Answer) -> Response:
    if answer.notice is not None:
        request.state.policy_notice = answer.notice
    return Response(answer.body, media_type="application/json")
