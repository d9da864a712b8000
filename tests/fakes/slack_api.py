"""A loopback stand-in for the Slack Web API (``https://slack.com/api/``): the only Slack fake.

It records every call (method, decoded body, headers including the bearer token) and answers the
way Slack does: ``{"ok": true, …}`` with HTTP 200, ``{"ok": false, "error": code}`` with HTTP 200
for API errors, 429 + ``Retry-After`` for rate limits. Real ``slack_sdk`` / ``slack_bolt`` objects
run above it through ``AsyncWebClient(base_url=fake.url + "/")``. It binds 127.0.0.1 only.

Scripting is per channel: ``fake.script(channel_id, rate_limited(), api_error("is_archived"))``
queues answers for the next ``chat.postMessage`` calls to that channel (then normal service
resumes; ``None`` in a script answers normally); ``fake.fail(channel_id, code)`` makes every
call fail until ``fake.clear(channel_id)``.
``stall()`` holds a request open until the server closes (for client-timeout tests; no sleeping).
``hold(method)`` records calls to a Web API method but answers none until ``release(method)``
(to show what a caller does while Slack is slow); ``wait_for(predicate)`` waits, without sleeping,
until the recorded calls satisfy ``predicate`` (e.g. a ``response_url`` post has arrived).

Socket Mode: ``apps.connections.open`` (with the app token) answers a ``ws://`` URL on this
server; the socket says ``hello`` like Slack's, ``push(envelope)`` sends an envelope down it, and
each message the app sends back (its ack) is recorded as a ``socket`` call.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

TOKEN = "xoxb-test"
APP_TOKEN = "xapp-test"
TEAM_ID = "T0TEST"
BOT_USER_ID = "U0BOT"
FIRST_TS = 1_700_000_000
# Limits the fake enforces like Slack does (answering invalid_blocks / msg_too_long)
MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_TEXT = 40_000


@dataclass(frozen=True, slots=True)
class Call:
    """One recorded request."""

    method: str
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def token(self) -> str | None:
        auth = self.headers.get("Authorization", "")
        return auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None


@dataclass(frozen=True, slots=True)
class Answer:
    """A scripted answer: HTTP status, JSON body (or None for a non-JSON body), extra headers."""

    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    stall: bool = False


def rate_limited(retry_after: int = 1) -> Answer:
    return Answer(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})


def api_error(code: str, **extra: Any) -> Answer:
    return Answer(200, {"ok": False, "error": code, **extra})


def server_error(status: int = 500) -> Answer:
    return Answer(status, None)


def stall() -> Answer:
    return Answer(stall=True)


@dataclass(frozen=True, slots=True)
class User:
    id: str
    is_admin: bool = False
    is_owner: bool = False


class FakeSlackApi:
    """``async with FakeSlackApi() as fake:`` serves on ``fake.url`` (``http://127.0.0.1:P/api``)."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.responses: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.users: dict[str, User] = {}
        self._scripts: dict[str, deque[Answer | None]] = defaultdict(deque)
        self._failing: dict[str, Answer] = {}
        self._ts = 0
        self._release = asyncio.Event()
        self._held: dict[str, asyncio.Event] = {}
        self._activity = asyncio.Condition()
        self._sockets: list[web.WebSocketResponse] = []
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{id}", self._response)
        app.router.add_get("/link", self._socket)
        self._server = TestServer(app, host="127.0.0.1")

    async def __aenter__(self) -> FakeSlackApi:
        await self._server.start_server()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._release.set()
        for held in self._held.values():
            held.set()
        await self._server.close()

    @property
    def url(self) -> str:
        return str(self._server.make_url("/api"))

    def response_url(self, ident: str) -> str:
        return str(self._server.make_url(f"/response/{ident}"))

    # scripting
    def script(self, channel: str, *answers: Answer | None) -> None:
        """Queue answers for the next posts to ``channel``; None answers that one normally."""
        self._scripts[channel].extend(answers)

    def fail(self, channel: str, code: str) -> None:
        self._failing[channel] = api_error(code)

    def clear(self, channel: str) -> None:
        self._failing.pop(channel, None)
        self._scripts.pop(channel, None)

    def hold(self, method: str) -> None:
        """Record calls to ``method`` but answer none of them until ``release(method)``."""
        self._held[method] = asyncio.Event()

    def release(self, method: str) -> None:
        held = self._held.pop(method, None)
        if held is not None:
            held.set()

    def add_user(self, user_id: str, *, is_admin: bool = False, is_owner: bool = False) -> None:
        self.users[user_id] = User(user_id, is_admin, is_owner)

    # queries
    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    @property
    def posts(self) -> list[Call]:
        return self.calls_to("chat.postMessage")

    async def wait_for(
        self, predicate: Callable[[FakeSlackApi], bool], timeout_s: float = 5.0
    ) -> None:
        """Wait until ``predicate(self)`` holds, re-checked on every recorded call."""
        async with asyncio.timeout(timeout_s), self._activity:
            await self._activity.wait_for(lambda: predicate(self))

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        async with self._activity:
            self._activity.notify_all()

    # handlers
    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        body = await _body(request)
        call = Call(method, body, dict(request.headers))
        await self._record(call)
        held = self._held.get(method)
        if held is not None:
            await held.wait()
        if method == "apps.connections.open":
            return await self._connections_open(call)
        if call.token != self.token and str(body.get("token", "")) != self.token:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post_message,
            "users.info": self._users_info,
        }.get(method)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        return await handler(body)

    async def _auth_test(self, body: dict[str, Any]) -> web.StreamResponse:
        return web.json_response(
            {
                "ok": True,
                "url": "https://test.slack.com/",
                "team": "Test Team",
                "user": "digestbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": "B0BOT",
                "is_enterprise_install": False,
            }
        )

    async def _connections_open(self, call: Call) -> web.StreamResponse:
        if call.token != APP_TOKEN:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        url = self._server.make_url("/link").with_scheme("ws")
        return web.json_response({"ok": True, "url": str(url)})

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": len(self._sockets),
                "connection_info": {"app_id": "A0APP"},
            }
        )
        async for message in ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                await self._record(Call("socket", json.loads(message.data), {}))
        self._sockets.remove(ws)
        return ws

    async def push(self, envelope: dict[str, Any]) -> None:
        """Send a Socket Mode envelope to the app over the open socket."""
        await self._sockets[-1].send_json(envelope)

    async def _users_info(self, body: dict[str, Any]) -> web.StreamResponse:
        user = self.users.get(str(body.get("user", "")))
        if user is None:
            return web.json_response({"ok": False, "error": "user_not_found"})
        return web.json_response(
            {
                "ok": True,
                "user": {
                    "id": user.id,
                    "team_id": TEAM_ID,
                    "name": user.id.lower(),
                    "is_admin": user.is_admin,
                    "is_owner": user.is_owner,
                    "is_bot": False,
                },
            }
        )

    async def _post_message(self, body: dict[str, Any]) -> web.StreamResponse:
        channel = str(body.get("channel", ""))
        if not channel:
            return web.json_response({"ok": False, "error": "channel_not_found"})
        queue = self._scripts[channel]
        answer = queue.popleft() if queue else self._failing.get(channel)
        if answer is not None:
            return await self._scripted(answer)
        blocks = body.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        text = str(body.get("text") or "")
        if not text and not blocks:
            return web.json_response({"ok": False, "error": "no_text"})
        if len(text) > MAX_TEXT:
            return web.json_response({"ok": False, "error": "msg_too_long"})
        if not _blocks_valid(blocks):
            return web.json_response({"ok": False, "error": "invalid_blocks"})
        self._ts += 1
        ts = f"{FIRST_TS}.{self._ts * 100:06d}"
        message = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": "B0BOT",
            "text": text,
            "blocks": blocks,
            "ts": ts,
        }
        return web.json_response({"ok": True, "channel": channel, "ts": ts, "message": message})

    async def _scripted(self, answer: Answer) -> web.StreamResponse:
        if answer.stall:
            await self._release.wait()
        if answer.body is None:
            return web.Response(status=answer.status, text="upstream error", headers=answer.headers)
        return web.json_response(answer.body, status=answer.status, headers=answer.headers)

    async def _response(self, request: web.Request) -> web.StreamResponse:
        body = await _body(request)
        self.responses[request.match_info["id"]].append(body)
        await self._record(Call("response_url", body, dict(request.headers)))
        return web.Response(text="ok")


async def _body(request: web.Request) -> dict[str, Any]:
    """The request's parameters, whether sent as JSON, as a form or in the query string."""
    body: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        loaded = await request.json()
        body.update(loaded if isinstance(loaded, dict) else {})
    elif request.can_read_body:
        body.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    return body


def _blocks_valid(blocks: list[dict[str, Any]]) -> bool:
    if len(blocks) > MAX_BLOCKS:
        return False
    for block in blocks:
        kind = block.get("type")
        text = block.get("text", {}).get("text", "") if isinstance(block.get("text"), dict) else ""
        if kind == "section" and not 0 < len(text) <= MAX_SECTION_TEXT:
            return False
        if kind == "header" and not 0 < len(text) <= MAX_HEADER_TEXT:
            return False
    return True
