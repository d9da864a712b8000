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
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.chat.slack_command import USAGE, SlackCommand, help_text, parse_slack_command
from bot.chat.slack_delivery import SlackDeliverer, Sleep
from bot.chat.slack_render import clean_text, escape_text, render_digest
from bot.config import Secrets, SlackSection
from bot.core.model import ChannelRef, ChannelStatus, Clock, Feed, FeedStatus
from bot.digests.runner import DigestOutcome, RunResult
from bot.errors import ConfigError, UserError
from bot.service import DigestService

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"  # Bolt's default Request URL path
ADMIN_CACHE_TTL = timedelta(minutes=5)
# "You can use a response_url up to five times within 30 minutes" (docs.slack.dev, slash commands)
RESPONSE_URL_USES = 5
# chat.postMessage: text is truncated at 40,000 characters; Slack recommends under 4,000
REPLY_BUDGET = 3900
LINE_MAX = 600  # raw characters per reply line: escaped (at most 5x) it still fits REPLY_BUDGET
TOPIC_TEST_SHOWN = 10
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
TIME_FORMAT = "%Y-%m-%d %H:%M %Z"


@dataclass(frozen=True, slots=True)
class Invocation:
    """Who ran a command where: the workspace is the scope, the channel is a ``ChannelRef``."""

    team_id: str
    channel_id: str
    user_id: str

    @property
    def scope(self) -> str:
        return f"slack:{self.team_id}"

    @property
    def ref(self) -> ChannelRef:
        return ChannelRef("slack", f"{self.team_id}:{self.channel_id}")


@dataclass(frozen=True, slots=True)
class Reply:
    """What one command answers: ``respond()`` keyword arguments, one dict per message."""

    messages: tuple[dict[str, Any], ...]

    @classmethod
    def text(cls, *lines: str) -> Reply:
        return cls(({"text": slack_lines(lines), "response_type": "ephemeral"},))


class SlackFrontend:
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

    def _handlers(self) -> dict[str, Callable[[Invocation, tuple[str, ...]], Awaitable[Reply]]]:
        return {
            "subscribe": self._subscribe,
            "unsubscribe": self._unsubscribe,
            "topics": self._topics,
            "schedule": self._schedule,
            "now": self._now,
            "status": self._status,
            "why": self._why,
            "split": self._split,
            "resume": self._resume,
            "topic create": self._topic_create,
            "topic test": self._topic_test,
            "topic list": self._topic_list,
            "topic delete": self._topic_delete,
            "feed add": self._feed_add,
            "feed remove": self._feed_remove,
            "feed list": self._feed_list,
            "help": self._help,
        }

    # -- one method per verb: service call → reply text ------------------------------------------

    async def _subscribe(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        added = await self.service.subscribe(who.ref, [args[0]], scope=who.scope)
        now = await self.service.channel_topics(who.ref)
        first = (
            f"Subscribed to {', '.join(added)}." if added else f"Already subscribed to {args[0]}."
        )
        return Reply.text(first, f"This channel's topics: {', '.join(now)}")

    async def _unsubscribe(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        removed = await self.service.unsubscribe(who.ref, [args[0]], scope=who.scope)
        left = await self.service.channel_topics(who.ref)
        return Reply.text(
            f"Unsubscribed from {', '.join(removed)}.",
            f"This channel's topics: {', '.join(left) or 'none'}",
        )

    async def _topics(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        topics = await self.service.channel_topics(who.ref)
        if not topics:
            return Reply.text("This channel has no topics yet: /digest subscribe TOPIC adds one.")
        return Reply.text(f"This channel's topics: {', '.join(topics)}")

    async def _schedule(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        change = await self.service.set_schedule(
            who.ref, args[0], args[1] if len(args) > 1 else None
        )
        zone = ZoneInfo(change.channel.timezone)
        return Reply.text(
            f"Digests here: {change.schedule} ({zone.key}).",
            f"Next digest: {_local(change.next_at, zone)}",
        )

    async def _preview(self, who: Invocation, *, post: bool) -> Reply:
        digest = await self.service.preview(who.ref)
        if digest.is_empty:
            return Reply.text("Nothing new for this channel's topics since the last digest.")
        kind = "in_channel" if post else "ephemeral"
        parts = render_digest(digest)
        messages = [
            {"text": part.text, "blocks": list(part.blocks), "response_type": kind}
            for part in parts[:RESPONSE_URL_USES]
        ]
        if len(parts) > RESPONSE_URL_USES:
            messages[-1] = {
                "text": f"…and {len(parts) - RESPONSE_URL_USES + 1} more messages: "
                "/digest now posts the whole digest.",
                "response_type": "ephemeral",
            }
        return Reply(tuple(messages))

    async def _now(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        return Reply.text(run_result_text(await self.service.send_now(who.ref)))

    async def _status(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        status = await self.service.status()
        f = status.feeds
        lines = [f"Feeds: {f.total} ({f.ok} ok, {f.failing} failing, {f.paused} paused)."]
        state = next((c for c in status.channels if c.channel.ref == who.ref), None)
        if state is None:
            lines.append("This channel has no subscriptions: /digest subscribe TOPIC adds one.")
            return Reply.text(*lines)
        channel = state.channel
        zone = ZoneInfo(channel.timezone)
        lines.append(f"Topics: {', '.join(t.rpartition('/')[2] for t in channel.topics) or 'none'}")
        lines.append(f"Schedule: {channel.schedule} ({zone.key})")
        if channel.status is ChannelStatus.ACTIVE:
            lines.append(f"Next digest: {_local(state.next_at, zone)}")
        else:
            reason = channel.status_reason or "no reason recorded"
            lines.append(
                f"Digests are {channel.status.value}: {reason}. /digest resume restarts them."
            )
        lines.append(f"Last digest: {_local(state.last_delivered_at, zone)}")
        if state.pending:
            lines.append("A digest is waiting to be delivered and will be retried.")
        return Reply.text(*lines)

    async def _why(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        return Reply.text(*await self.service.why(who.ref, args[0]))

    async def _split(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        split = await self.service.split_story_item(args[0])
        return Reply.text(
            f"Item {split.item_id} is now a story of its own and will not rejoin "
            f"story {split.old_story_id}."
        )

    async def _resume(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        channel = await self.service.resume_channel(who.ref)
        return Reply.text(f"Digests resumed here: {channel.schedule} ({channel.timezone}).")

    async def _topic_create(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        topic = await self.service.create_topic(args[0], args[1], scope=who.scope)
        return Reply.text(f"Saved topic {topic.name}: {topic.query}")

    async def _topic_test(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        result = await self.service.test_topic(args[0])
        lines = [f"Query: {result.query}"]
        for match in result.matches[:TOPIC_TEST_SHOWN]:
            item = match.item.item
            lines.append(
                f"{item.published_at:%Y-%m-%d %H:%M} {clean_text(item.title)} {item.url} "
                f"[matched: {', '.join(match.terms)}]"
            )
        lines.append(f"{len(result.matches)} of {result.scanned} recent items matched.")
        return Reply.text(*lines)

    async def _topic_list(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        topics = await self.service.list_topics(scope=who.scope)
        if not topics:
            return Reply.text("No topics yet: /digest topic create NAME QUERY defines one.")
        return Reply.text(*(f"{t.name}: {t.query}" for t in topics))

    async def _topic_delete(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        topic = await self.service.remove_topic(args[0], scope=who.scope)
        return Reply.text(f"Deleted topic {topic.name}.")

    async def _feed_add(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        feed = await self.service.add_feed(
            args[0], args[1] if len(args) > 1 else "", scope=who.scope, fetch_now=True
        )
        return Reply.text(f"Added feed {feed.id}: {feed.name} ({feed.url})")

    async def _feed_remove(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        feed = await self.service.remove_feed(int(args[0]), scope=who.scope)
        return Reply.text(f"Removed feed {feed.id}: {feed.name}")

    async def _feed_list(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        feeds = await self.service.list_feeds(scope=who.scope)
        if not feeds:
            return Reply.text("No feeds yet: /digest feed add URL adds one.")
        return Reply.text(*(feed_line(f) for f in feeds))

    async def _help(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        return Reply.text(
            *help_text().splitlines(), "/digest preview post: show the preview to everyone here"
        )


def run_result_text(result: RunResult) -> str:
    stories = 0 if result.digest is None else len(result.digest.story_ids)
    match result.outcome:
        case DigestOutcome.DELIVERED:
            return f"Posted the digest here ({stories} stories)."
        case DigestOutcome.EMPTY:
            return "Nothing new for this channel's topics since the last digest."
        case DigestOutcome.ALREADY_SENT:
            return "This slot's digest was already posted."
        case DigestOutcome.PAUSED:
            return f"Digests here are paused: {result.error}. /digest resume restarts them."
        case DigestOutcome.FAILED:
            return f"The digest could not be posted: {result.error}. It will be retried."
        case DigestOutcome.BUSY:
            return "Another bot process is posting this channel's digest right now."
        case DigestOutcome.SKIPPED:
            return f"No digest was built: {result.error}."


def feed_line(feed: Feed) -> str:
    health = feed.status.value
    if feed.status is not FeedStatus.OK and feed.last_error:
        health = f"{health}: {feed.last_error}"
    return f"{feed.id} {clean_text(feed.name)} ({feed.url}) {health}"


def slack_lines(lines: Iterable[str]) -> str:
    """Join reply lines escaped for Slack, dropping whole lines past ``REPLY_BUDGET``."""
    out: list[str] = []
    used = 0
    items = list(lines)
    for index, line in enumerate(items):
        escaped = escape_text(line[:LINE_MAX] + ("…" if len(line) > LINE_MAX else ""))
        if used + len(escaped) + 1 > REPLY_BUDGET - 40:  # room for the "more lines" note
            out.append(f"…and {len(items) - index} more lines.")
            break
        out.append(escaped)
        used += len(escaped) + 1
    return "\n".join(out)


def _local(at: datetime | None, zone: ZoneInfo) -> str:
    return "never" if at is None else at.astimezone(zone).strftime(TIME_FORMAT)
