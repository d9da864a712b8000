"""The Slack frontend: one Bolt ``AsyncApp`` with the ``/digest`` command, over Socket Mode or HTTP.

It only translates (issue 8): ``/digest <verb>`` → ``DigestService`` call → an ephemeral reply.
Bolt's conventions hold: ``await ack()`` is the handler's first statement, so Slack gets its answer
within its 3-second limit before any database or network work; Bolt then runs the rest of the
handler in the background and the results go out through ``respond()`` (the command's
``response_url``). Errors raised after the ack reach the single ``@app.error`` handler: a
``UserError`` is shown as written, anything else is logged with its traceback and the user gets a
generic message.

Changing verbs are limited to workspace admins/owners (``users.info``, cached for a few minutes
so a burst of commands costs one call) and to the user ids in ``slack.admin_user_ids``. The check
fails closed: if Slack cannot tell us the role, the change is refused.

Every reply is plain text escaped for Slack (``& < >`` only) and never sets ``link_names`` or
``parse``, so neither feed text nor a user's own input can mention ``@channel`` or a user.
Digest previews use ``slack_render.render_digest``, the same Block Kit the deliverer posts.

``AsyncApp`` has no ``token_verification_enabled`` (only the sync ``App`` checks the token when it
is built); entering the frontend calls ``auth.test`` itself so a bad token fails at start-up with
a ``ConfigError`` instead of at the first command. In HTTP mode Bolt's request signature
verification stays on. ``run()`` connects Socket Mode with ``connect_async()`` rather than
``start_async()`` (which sleeps forever) so that ``close()`` can end it.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.chat.slack.commands import USAGE, SlackCommand, parse_slack_command
from bot.chat.slack.delivery import SlackDeliverer, Sleep
from bot.chat.slack.verbs import (
    Invocation,
    Reply,
    SlackVerbs,
    slack_lines,
)
from bot.config import Secrets, SlackSection
from bot.core.model import Clock
from bot.errors import ConfigError, UserError
from bot.service import DigestService

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"  # Bolt's default Request URL path
ADMIN_CACHE_TTL = timedelta(minutes=5)
# "You can use a response_url up to five times within 30 minutes" (docs.slack.dev, slash commands)
# chat.postMessage: text is truncated at 40,000 characters; Slack recommends under 4,000
DRAIN_TIMEOUT_S = 10.0
CHANGING_VERBS = frozenset(
    {
        "subscribe",
        "unsubscribe",
        "schedule",
        "now",
        "resume",
        "split",
        "topic create",
        "topic delete",
        "feed add",
        "feed remove",
    }
)
GENERIC_ERROR = "Sorry, something went wrong on our side. It has been logged; please try again."


class SlackFrontend(SlackVerbs):
    """``async with SlackFrontend(...) as slack: await slack.run()``; ``slack.close()`` ends it."""

    def __init__(
        self,
        service: DigestService,
        settings: SlackSection,
        secrets: Secrets,
        *,
        clock: Clock,
        base_url: str = AsyncWebClient.BASE_URL,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if not secrets.slack_bot_token:
            raise ConfigError("SLACK_BOT_TOKEN: required to run the Slack app")
        if settings.mode == "socket" and not secrets.slack_app_token:
            raise ConfigError("SLACK_APP_TOKEN: required when slack.mode is socket")
        if settings.mode == "http" and not secrets.slack_signing_secret:
            raise ConfigError("SLACK_SIGNING_SECRET: required when slack.mode is http")
        self.service = service
        self.settings = settings
        self.clock = clock
        self._app_token = secrets.slack_app_token or ""
        # retry_handlers=[]: the deliverer handles 429s itself (see slack_delivery)
        self.client = AsyncWebClient(
            token=secrets.slack_bot_token, base_url=base_url, retry_handlers=[]
        )
        self.app = AsyncApp(
            name="news-digest-bot",
            client=self.client,
            signing_secret=secrets.slack_signing_secret or "",  # never read from os.environ
            request_verification_enabled=True,
        )
        self.app.command("/digest")(self._on_digest)
        self.app.error(self._on_error)
        self.deliverer = SlackDeliverer(self.client, clock=clock, sleep=sleep)
        self.addresses: list[Any] = []  # where HTTP mode listens, once ``ready`` is set
        self.ready = asyncio.Event()
        self._closed = asyncio.Event()
        self._stopped: asyncio.Event | None = None  # set when a started run() has returned
        self._admins: dict[str, tuple[bool, datetime]] = {}  # user → (may change, until)
        self._inflight: set[asyncio.Task[Any]] = set()

    async def __aenter__(self) -> SlackFrontend:
        try:
            auth = await self.client.auth_test()
        except SlackApiError as e:
            code = e.response.get("error")
            raise ConfigError(f"SLACK_BOT_TOKEN: Slack rejected the token ({code})") from e
        log.info("slack connected team=%s bot_user=%s", auth.get("team_id"), auth.get("user_id"))
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
        if self._stopped is not None:  # let run() disconnect before the app closes anything else
            await self._stopped.wait()
        await self.drain()

    def close(self) -> None:
        """Make ``run()`` return (it disconnects or stops serving first)."""
        self._closed.set()

    async def drain(self, timeout_s: float = DRAIN_TIMEOUT_S) -> None:
        """Wait for commands already acknowledged to finish answering."""
        if self._inflight:
            await asyncio.wait(set(self._inflight), timeout=timeout_s)

    async def run(self) -> None:
        """Serve commands until ``close()``: Socket Mode, or HTTP on ``http_host:http_port``."""
        self._stopped = stopped = asyncio.Event()
        try:
            if self.settings.mode == "http":
                await self._serve_http()
            else:
                await self._serve_socket()
        finally:
            stopped.set()

    async def _serve_socket(self) -> None:
        handler = AsyncSocketModeHandler(self.app, self._app_token)
        try:
            # Ask for the socket URL ourselves first: slack_sdk's connect() retries a rejected
            # app token forever, every ping interval; here it is a ConfigError at start-up.
            try:
                opened = await self.client.apps_connections_open(app_token=self._app_token)
            except SlackApiError as e:
                code = e.response.get("error")
                raise ConfigError(f"SLACK_APP_TOKEN: Slack rejected the token ({code})") from e
            handler.client.wss_uri = str(opened["url"])
            await handler.connect_async()  # type: ignore[no-untyped-call]  # Bolt leaves it untyped
            log.info("slack socket mode connected")
            self.ready.set()
            await self._closed.wait()
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]  # Bolt leaves it untyped

    async def _serve_http(self) -> None:
        host, port = self.settings.http_host, self.settings.http_port
        server = AsyncSlackAppServer(port=port, path=EVENTS_PATH, app=self.app, host=host)
        runner = web.AppRunner(server.web_app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
            self.addresses = list(runner.addresses)
            log.info("slack http mode listening address=%s path=%s", self.addresses, EVENTS_PATH)
            self.ready.set()
            await self._closed.wait()
        finally:
            await runner.cleanup()

    # -- the command ---------------------------------------------------------------------------

    async def _on_digest(
        self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()  # first, within Slack's 3 s: everything below runs after Slack has its answer
        self._track_current_task()
        # Errors are routed to the error handler from here rather than raised to Bolt: when an
        # acknowledged async listener raises, Bolt's AsyncioListenerRunner resets
        # ``ack.response`` to None, and if that happens before its 10 ms poll has seen the ack,
        # the request is answered 404 "unhandled request" after 3 s (slack_bolt 1.30,
        # listener/asyncio_runner.py). A quick refusal would hit exactly that.
        try:
            await self._answer(command, respond)
        except Exception as error:  # not swallowed: logged (if a bug) and answered
            await self._on_error(error, respond)

    async def _answer(self, command: dict[str, Any], respond: AsyncRespond) -> None:
        who = Invocation(
            str(command.get("team_id", "")),
            str(command.get("channel_id", "")),
            str(command.get("user_id", "")),
        )
        text = str(command.get("text") or "")
        post = [w.lower() for w in text.split()] == ["preview", "post"]
        parsed = SlackCommand("preview") if post else parse_slack_command(text)
        log.info("slack command verb=%s channel=%s user=%s", parsed.verb, who.ref, who.user_id)
        # posting a preview to everyone is a change to the channel, as on Discord
        changing = parsed.verb in CHANGING_VERBS or post
        if changing and not await self._may_change(who):
            verb = "preview post" if post else parsed.verb
            raise UserError(
                "Only workspace admins/owners or users listed in slack.admin_user_ids can "
                f"use “{verb}”. Ask one of them, or ask the operator to add your user id "
                f"({who.user_id}) to slack.admin_user_ids."
            )
        reply = await self._dispatch(parsed, who, post=post)
        for message in reply.messages:
            await respond(**message)

    def _track_current_task(self) -> None:
        task = asyncio.current_task()
        if task is not None:  # Bolt's background task: handler and error handler together
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)

    async def _on_error(self, error: Exception, respond: AsyncRespond) -> None:
        """The one error handler (also ``@app.error``): user errors shown, bugs logged."""
        if isinstance(error, UserError):
            text = slack_lines(str(error).splitlines())
        else:
            log.exception("slack command failed", exc_info=error)
            text = GENERIC_ERROR
        try:
            await respond(text=text, response_type="ephemeral")
        except (aiohttp.ClientError, TimeoutError, ValueError) as e:  # ValueError: no response_url
            log.warning("slack error reply failed error=%s", type(e).__name__)

    async def _may_change(self, who: Invocation) -> bool:
        if who.user_id in self.settings.admin_user_ids:
            return True
        key = f"{who.team_id}:{who.user_id}"
        now = self.clock()
        cached = self._admins.get(key)
        if cached is not None and cached[1] > now:
            return cached[0]
        try:
            answer = await self.client.users_info(user=who.user_id)
        except SlackApiError as e:
            log.warning("slack users.info failed user=%s error=%s", key, e.response.get("error"))
            return False  # fail closed, and do not cache: the next try may succeed
        user = answer.get("user") or {}
        allowed = bool(user.get("is_admin") or user.get("is_owner"))
        self._admins[key] = (allowed, now + ADMIN_CACHE_TTL)
        return allowed

    async def _dispatch(self, command: SlackCommand, who: Invocation, *, post: bool) -> Reply:
        verb, args = command.verb, command.args
        if verb == "preview":
            return await self._preview(who, post=post)
        handler = self._handlers().get(verb)
        if handler is None:  # every parsed verb has a handler; guard against a new USAGE entry
            raise UserError(f"“{verb}” is not available on Slack yet.\n{USAGE.get(verb, '')}")
        return await handler(who, args)
