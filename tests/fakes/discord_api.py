"""A loopback stand-in for Discord's REST API (``https://discord.com/api/v10``): the only fake.

Real discord.py objects run above it: entering ``FakeDiscordApi`` points ``discord.http.Route.BASE``
at the recorder (a private seam; only this module touches it, and it is restored on exit), and
``await client.login(TOKEN)`` then works without a gateway (``GET /users/@me`` and
``GET /oauth2/applications/@me`` are answered). It binds 127.0.0.1 only.

It records every request (method, path, query, JSON body, headers) and answers like Discord:
- ``POST /channels/{id}/messages``: a full message object (snowflake id, channel_id, author,
  timestamp, content, embeds, nonce, …), rate-limit headers on every answer, the create-message
  limits enforced with 400 / 50035 Invalid Form Body, and ``enforce_nonce`` honoured: the same
  nonce in the same channel returns the message already created instead of a new one.
- interaction callbacks (``POST /interactions/{id}/{token}/callback?with_response=1``), followups
  and edits (``POST /webhooks/{app_id}/{token}``, ``PATCH``/``GET``/``DELETE
  /webhooks/{app_id}/{token}/messages/{id|@original}``) and command sync (``PUT
  /applications/{app_id}[/guilds/{guild_id}]/commands``), for the slash-command tests.
Anything else answers 404 ``{"code": 0}`` and is still recorded.

Slash commands run end to end without a gateway: ``interaction_payload(...)`` builds the JSON
Discord sends for an APPLICATION_COMMAND (type 2) or AUTOCOMPLETE (type 4) interaction, and
``dispatch(tree, payload)`` builds a real ``discord.Interaction`` from it and awaits
``tree._call`` (the private seam the gateway's INTERACTION_CREATE handler ends in).
``api.replies(payload)`` then lists what the bot answered to that interaction: the callback
(``type`` 4 message, 5 deferred, 8 autocomplete result) and any followups, in order.

Scripting is per channel: ``api.script(channel_id, rate_limited(), forbidden())`` queues answers
for the next posts to that channel (then normal service resumes); ``api.fail(channel_id, answer)``
answers every post with it until ``api.clear(channel_id)``. ``stall()`` holds the request open
until the server closes (for client-timeout tests; nothing sleeps), ``drop()`` closes the connection
without an answer, ``normal()`` lets one post through (to fail the next one).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

import discord
import discord.http
from aiohttp import web
from aiohttp.test_utils import TestServer

TOKEN = "fake-bot-token"
BOT_USER_ID = 1100000000000000001
APPLICATION_ID = 1100000000000000002
OWNER_ID = 1100000000000000003
DISCORD_EPOCH_MS = 1_420_070_400_000
FIRST_MESSAGE_AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
RATE_LIMIT = 5  # X-RateLimit-Limit of the message bucket; Remaining never reaches 0 on success
# Discord create-message limits, enforced like Discord does (400, code 50035)
MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FOOTER = 2048
MAX_NONCE = 25
USER_ID = 1100000000000000004  # the member who runs the slash commands
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
_INTERACTION_IDS = itertools.count(1200000000000000001)


@dataclass(frozen=True, slots=True)
class Request:
    """One recorded request."""

    method: str
    path: str  # without the /api/v10 prefix, e.g. /channels/123/messages
    query: dict[str, str]
    json: Any
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class Answer:
    """A scripted answer: HTTP status, JSON body, extra headers.

    ``stall`` never answers, ``drop`` closes the connection without answering, ``normal`` answers
    as if nothing were scripted (to fail the second post, say).
    """

    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    stall: bool = False
    drop: bool = False
    normal: bool = False


def rate_limited(retry_after: float = 0.01, *, is_global: bool = False) -> Answer:
    """A 429 as Discord sends it: ``Retry-After``, the bucket headers, JSON ``retry_after``.

    ``Via`` matters: discord.py treats a 429 without it as a Cloudflare ban and raises at once.
    """
    headers = {
        "Retry-After": f"{retry_after}",
        "X-RateLimit-Limit": str(RATE_LIMIT),
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset-After": f"{retry_after}",
        "X-RateLimit-Bucket": "fake-messages-bucket",
        "Via": "1.1 google",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    headers["X-RateLimit-Scope"] = "global" if is_global else "user"
    body = {"message": "You are being rate limited.", "retry_after": retry_after}
    return Answer(429, {**body, "global": is_global, "code": 0}, headers)


def forbidden(code: int = 50013) -> Answer:
    messages = {50001: "Missing Access", 50013: "Missing Permissions"}
    return Answer(403, {"message": messages.get(code, "Forbidden"), "code": code})


def not_found(code: int = 10003) -> Answer:
    messages = {10003: "Unknown Channel", 10008: "Unknown Message"}
    return Answer(404, {"message": messages.get(code, "Not Found"), "code": code})


def server_error(status: int = 500) -> Answer:
    return Answer(status, {"message": "Internal Server Error", "code": 0})


def stall() -> Answer:
    return Answer(stall=True)


def drop() -> Answer:
    return Answer(drop=True)


def normal() -> Answer:
    return Answer(normal=True)


def user_payload(user_id: int = BOT_USER_ID, name: str = "digest-bot") -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
        "bot": user_id == BOT_USER_ID,
        "public_flags": 0,
        "flags": 0,
        "verified": True,
        "mfa_enabled": True,
        "locale": "en-US",
    }


class FakeDiscordApi:
    """``async with FakeDiscordApi() as api:`` serves the fake and points discord.py at it."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.messages: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self._scripts: dict[int, deque[Answer]] = defaultdict(deque)
        self._failures: dict[int, Answer] = {}
        self._by_nonce: dict[tuple[int, str], dict[str, Any]] = {}
        self._webhook_messages: dict[tuple[str, str], dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._stalled = asyncio.Event()
        self._server: TestServer | None = None
        self._old_base = discord.http.Route.BASE

    # -- lifecycle ----------------------------------------------------------------------------

    async def __aenter__(self) -> FakeDiscordApi:
        app = web.Application()
        app.router.add_route("*", "/api/v10/{tail:.*}", self._handle)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        self._old_base = discord.http.Route.BASE
        discord.http.Route.BASE = f"{self.url}/api/v10"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        discord.http.Route.BASE = self._old_base
        self._stalled.set()
        if self._server is not None:
            await self._server.close()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeDiscordApi is not started")
        return str(self._server.make_url("")).rstrip("/")

    # -- scripting and inspection -------------------------------------------------------------

    def script(self, channel_id: int, *answers: Answer) -> None:
        self._scripts[channel_id].extend(answers)

    def fail(self, channel_id: int, answer: Answer) -> None:
        self._failures[channel_id] = answer

    def clear(self, channel_id: int) -> None:
        self._failures.pop(channel_id, None)
        self._scripts.pop(channel_id, None)

    def posts(self, channel_id: int) -> list[Request]:
        """Every ``POST /channels/{channel_id}/messages`` received, answered or not."""
        path = f"/channels/{channel_id}/messages"
        return [r for r in self.requests if r.method == "POST" and r.path == path]

    def calls(self, method: str, prefix: str) -> list[Request]:
        return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    def replies(self, payload: dict[str, Any]) -> list[Request]:
        """The interaction callback and followups sent for ``payload``, in order."""
        callback = f"/interactions/{payload['id']}/{payload['token']}/callback"
        followup = f"/webhooks/{APPLICATION_ID}/{payload['token']}"
        return [
            r
            for r in self.requests
            if (r.method, r.path) in (("POST", callback), ("POST", followup))
        ]

    # -- dispatch -----------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body = await request.json() if request.can_read_body else None
        self.requests.append(
            Request(request.method, path, dict(request.query), body, dict(request.headers))
        )
        parts = path.strip("/").split("/")
        match request.method, parts:
            case "GET", ["users", "@me"]:
                return _json(user_payload())
            case "GET", ["oauth2", "applications", "@me"]:
                return _json(self._application())
            case "POST", ["channels", channel_id, "messages"] if channel_id.isdecimal():
                return await self._create_message(request, int(channel_id), body)
            case "POST", ["interactions", interaction_id, token, "callback"]:
                if (body or {}).get("type") in (4, 7) and (
                    problems := message_problems((body or {}).get("data") or {})
                ):
                    return _invalid_form(problems)
                return self._interaction_callback(interaction_id, token, body)
            case "POST", ["webhooks", _, token]:  # a follow-up is a message: the same limits
                if problems := message_problems(body or {}):
                    return _invalid_form(problems)
                return _json(self._webhook_message(token, None, body))
            case "PATCH", ["webhooks", _, token, "messages", message_id]:
                return _json(self._webhook_message(token, message_id, body))
            case "GET", ["webhooks", _, token, "messages", message_id]:
                found = self._webhook_messages.get((token, message_id))
                return _json(found) if found else _json(not_found(10008).body, 404)
            case "DELETE", ["webhooks", _, token, "messages", message_id]:
                self._webhook_messages.pop((token, message_id), None)
                return web.Response(status=204)
            case "PUT", ["applications", _, "commands"]:
                return _json(self._sync_commands(None, body))
            case "PUT", ["applications", _, "guilds", guild_id, "commands"]:
                return _json(self._sync_commands(int(guild_id), body))
        return _json({"message": "404: Not Found", "code": 0}, 404)

    async def _create_message(
        self, request: web.Request, channel_id: int, body: Any
    ) -> web.StreamResponse:
        answer = self._next_answer(channel_id)
        if answer is not None and not answer.normal:
            if answer.stall:
                await self._stalled.wait()
                return _json({"message": "stalled", "code": 0}, 503)
            if answer.drop and request.transport is not None:
                request.transport.close()
            return _json(answer.body, answer.status, answer.headers)
        problems = message_problems(body)
        if problems:
            return _invalid_form(problems)
        nonce = body.get("nonce")
        if body.get("enforce_nonce") and nonce is not None:
            existing = self._by_nonce.get((channel_id, str(nonce)))
            if existing is not None:
                return _json(existing, 200, _bucket_headers())
        message = self._message(channel_id, body)
        self.messages[channel_id].append(message)
        if nonce is not None:
            self._by_nonce[(channel_id, str(nonce))] = message
        return _json(message, 200, _bucket_headers())

    def _next_answer(self, channel_id: int) -> Answer | None:
        queued = self._scripts.get(channel_id)
        if queued:
            return queued.popleft()
        return self._failures.get(channel_id)

    def _interaction_callback(self, interaction_id: str, token: str, body: Any) -> web.Response:
        kind = body.get("type")
        data = body.get("data") or {}
        interaction = {
            "id": interaction_id,
            "type": 2,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
        }
        resource: dict[str, Any] = {"type": kind}
        if kind in (4, 7):  # CHANNEL_MESSAGE_WITH_SOURCE, UPDATE_MESSAGE: a message exists now
            message = self._webhook_message(token, "@original", data)
            interaction["response_message_id"] = message["id"]
            resource["message"] = message
        return _json({"interaction": interaction, "resource": resource})

    def _webhook_message(self, token: str, message_id: str | None, body: Any) -> dict[str, Any]:
        previous = self._webhook_messages.get((token, message_id)) if message_id else None
        if previous is not None:
            message = {**previous, **(body or {}), "edited_timestamp": previous["timestamp"]}
        else:
            message = self._message(0, body or {})
            message["webhook_id"] = str(APPLICATION_ID)
        self._webhook_messages[(token, message_id or message["id"])] = message
        if message_id == "@original" or message_id is None:
            self._webhook_messages[(token, message["id"])] = message
        return message

    def _sync_commands(self, guild_id: int | None, body: Any) -> list[dict[str, Any]]:
        synced = []
        for command in body or []:
            entry = {
                **command,
                "id": str(self._snowflake()[0]),
                "application_id": str(APPLICATION_ID),
                "version": "1",
            }
            if guild_id is not None:
                entry["guild_id"] = str(guild_id)
            synced.append(entry)
        self.commands[guild_id] = synced
        return synced

    # -- payloads -----------------------------------------------------------------------------

    def _snowflake(self) -> tuple[int, datetime]:
        at = FIRST_MESSAGE_AT + timedelta(seconds=next(self._ids))
        millis = int(at.timestamp() * 1000) - DISCORD_EPOCH_MS
        return millis << 22, at

    def _message(self, channel_id: int, body: dict[str, Any]) -> dict[str, Any]:
        message_id, at = self._snowflake()
        return {
            "id": str(message_id),
            "type": 0,
            "channel_id": str(channel_id),
            "author": user_payload(),
            "content": body.get("content") or "",
            "embeds": [{**e, "type": "rich"} for e in body.get("embeds") or []],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": bool(body.get("tts")),
            "timestamp": at.isoformat(),
            "edited_timestamp": None,
            "flags": body.get("flags") or 0,
            "components": [],
            **({"nonce": str(body["nonce"])} if body.get("nonce") is not None else {}),
        }

    def _application(self) -> dict[str, Any]:
        return {
            "id": str(APPLICATION_ID),
            "name": "News Digest Bot (test)",
            "description": "",
            "icon": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": user_payload(OWNER_ID, "owner"),
            "verify_key": "0" * 64,
            "flags": 0,
        }


def interaction_payload(
    command: str,
    subcommand: str,
    options: dict[str, Any] | None = None,
    *,
    guild_id: int,
    channel_id: int,
    permissions: int,
    focused: str | None = None,
) -> dict[str, Any]:
    """An interaction as Discord sends it for ``/command subcommand name:value …`` in a guild.

    With ``focused`` it is an autocomplete interaction (type 4) for that option. ``permissions``
    is the member's resolved permission bitfield in the channel (a string, as Discord sends it).
    """
    interaction_id = next(_INTERACTION_IDS)
    kinds = {bool: 5, int: 4}
    sub_options = [
        {
            "name": name,
            "type": kinds.get(type(value), 3),
            "value": value,
            **({"focused": True} if name == focused else {}),
        }
        for name, value in (options or {}).items()
    ]
    return {
        "id": str(interaction_id),
        "application_id": str(APPLICATION_ID),
        "type": 4 if focused else 2,
        "token": f"interaction-token-{interaction_id}",
        "version": 1,
        "guild_id": str(guild_id),
        "channel_id": str(channel_id),
        "channel": {
            "id": str(channel_id),
            "type": 0,
            "guild_id": str(guild_id),
            "name": "news",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
        },
        "member": {
            "user": user_payload(USER_ID, "analyst"),
            "roles": [],
            "joined_at": "2026-01-05T10:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "permissions": str(permissions),
        },
        "app_permissions": str(discord.Permissions(send_messages=True, embed_links=True).value),
        "locale": "en-US",
        "guild_locale": "en-US",
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild_id)},
        "context": 0,
        "data": {
            "id": "1300000000000000001",
            "name": command,
            "type": 1,
            "options": [{"name": subcommand, "type": 1, "options": sub_options}],
        },
    }


async def dispatch(tree: discord.app_commands.CommandTree[Any], payload: dict[str, Any]) -> None:
    """Run ``payload`` through the real ``CommandTree`` as the gateway handler would."""
    interaction: discord.Interaction[Any] = discord.Interaction(
        data=payload,  # type: ignore[arg-type]  # a JSON dict shaped like the TypedDict
        state=tree.client._connection,
    )
    await tree._call(interaction)


def _invalid_form(problems: dict[str, str]) -> web.Response:
    errors = {"message": "Invalid Form Body", "code": 50035, "errors": problems}
    return _json(errors, 400, _bucket_headers())


def message_problems(body: Any) -> dict[str, str]:
    """What Discord would reject in a create-message body (its limits, counted in code points)."""
    problems: dict[str, str] = {}
    content = body.get("content") or ""
    embeds = body.get("embeds") or []
    if len(content) > MAX_CONTENT:
        problems["content"] = f"Must be {MAX_CONTENT} or fewer in length."
    if not content and not embeds:
        problems["content"] = "Cannot send an empty message"
    if len(embeds) > MAX_EMBEDS:
        problems["embeds"] = f"Must be {MAX_EMBEDS} or fewer in length."
    if len(str(body.get("nonce") or "")) > MAX_NONCE:
        problems["nonce"] = f"Must be {MAX_NONCE} or fewer in length."
    total = 0
    for index, embed in enumerate(embeds):
        title = embed.get("title") or ""
        description = embed.get("description") or ""
        footer = (embed.get("footer") or {}).get("text") or ""
        if len(title) > MAX_TITLE:
            problems[f"embeds.{index}.title"] = "too long"
        if len(description) > MAX_DESCRIPTION:
            problems[f"embeds.{index}.description"] = "too long"
        if len(footer) > MAX_FOOTER:
            problems[f"embeds.{index}.footer.text"] = "too long"
        total += len(title) + len(description) + len(footer)
    if total > MAX_EMBED_TOTAL:
        problems["embeds"] = f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL}"
    return problems


def _bucket_headers() -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(RATE_LIMIT),
        "X-RateLimit-Remaining": str(RATE_LIMIT - 1),
        "X-RateLimit-Reset": f"{FIRST_MESSAGE_AT.timestamp() + 1:.3f}",
        "X-RateLimit-Reset-After": "1.000",
        "X-RateLimit-Bucket": "fake-messages-bucket",
    }


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # exactly "application/json", as Discord sends it: discord.py's json_or_text compares the
    # header verbatim and would hand back a str for "application/json; charset=utf-8"
    all_headers = {**(headers or {}), "Content-Type": "application/json"}
    return web.Response(body=json.dumps(body).encode(), status=status, headers=all_headers)
