"""The topic commands: create (and retag recent stories), remove (honestly), list, test."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.core.match import TopicIndex
from bot.core.model import (
    TopicRecord,
    check_topic_name,
    topic_key,
)
from bot.core.query import Query, parse_query
from bot.core.segment import declared_language, script_language
from bot.errors import UserError
from bot.service.base import ServiceBase
from bot.storage import StoredItem
from bot.topics.tagging import retag_topic

log = logging.getLogger(__name__)


def removed_builtin_key(name: str) -> str:
    """The metadata key that remembers a built-in topic an operator removed."""
    return f"builtin_topic_removed:{name}"


@dataclass(frozen=True, slots=True)
class TopicMatch:
    item: StoredItem
    terms: tuple[str, ...]
    why: tuple[str, ...] = ()  # each term and where, each NEAR and how close, each NOT (issue 15)
    language: str = ""  # the feed's declared language, else the script of the text


@dataclass(frozen=True, slots=True)
class TopicTest:
    query: str
    matches: tuple[TopicMatch, ...]
    scanned: int
    languages: tuple[tuple[str, int, int], ...] = ()  # (language, matched, scanned), most first
    topic: TopicRecord | None = None  # the saved topic whose name was given instead of a query


class TopicCommands(ServiceBase):
    """Topics: named queries, built-in, from the config or from chat."""

    async def create_topic(
        self, name: str, query: str, *, scope: str = "", description: str = "", origin: str = "user"
    ) -> TopicRecord:
        name = check_topic_name(name)
        parsed = parse_query(query)
        if origin == "user":
            current = await self.store.get_topic(topic_key(name, scope))
            if current is not None and current.origin == "config":
                raise UserError(
                    f"topic {name!r} is defined in the config file ([[topics]]); change it "
                    "there, or the next start puts the config's query back"
                )
        record = TopicRecord(topic_key(name, scope), name, scope, str(parsed), description, origin)
        await self.store.upsert_topic(record, self.clock())
        await self.reload_topics()
        count = await retag_topic(self.store, record.key, parsed, self.clock())
        log.info("topic saved topic=%s recent_matches=%d", record.key, count)
        return record

    async def remove_topic(self, name: str, *, scope: str = "") -> TopicRecord:
        """Remove a topic for good, or refuse and say why (issue 12).

        A topic that channels subscribe to is refused (removing it would silently drop their
        subscriptions); a topic from the config file is refused (the next start would bring it
        back); a built-in topic is removed and remembered, so start-up does not restore it.
        """
        record = await self.store.get_topic(topic_key(check_topic_name(name), scope))
        if record is None:
            raise UserError(f"no topic named {name!r} here; the topic list shows them")
        if record.origin == "config":
            raise UserError(
                f"topic {record.name!r} is defined in the config file ([[topics]]); remove it "
                "there and restart, or it comes back at the next start"
            )
        users = await self.store.topic_subscribers(record.key)
        if users:
            shown = ", ".join(str(ref) for ref in users[:5]) + (" …" if len(users) > 5 else "")
            raise UserError(
                f"topic {record.name!r} is subscribed by {shown}; unsubscribe "
                f"{'it' if len(users) == 1 else 'them'} first"
            )
        await self.store.remove_topic(record.key)
        if record.origin == "builtin":
            await self.store.set_meta(removed_builtin_key(record.name), self.clock().isoformat())
        await self.reload_topics()
        log.info("topic removed topic=%s origin=%s", record.key, record.origin)
        return record

    async def list_topics(self, *, scope: str = "") -> list[TopicRecord]:
        return await self.store.list_topics(scope=scope)

    async def all_topics(self) -> list[TopicRecord]:
        """Every topic of every scope (frontends filter it, e.g. for autocomplete caches)."""
        return await self.store.list_topics()

    async def reload_topics(self) -> None:
        topics = await self.store.list_topics()
        self.stories.set_topics({t.key: parse_query(t.query) for t in topics})

    async def test_topic(
        self, query: str, *, since: timedelta = timedelta(days=7), scope: str = ""
    ) -> TopicTest:
        """Stored items a query matches, why each did, and how many per language (issue 15): a
        query that matches far more in one language than in others is often a co-mention.

        ``query`` may instead be the name of a topic ``scope`` sees (its own first, then the
        built-in and config ones): a user who types ``china-us`` means that topic, not the
        words "china-us". A quoted name still searches the words.
        """
        named = {t.scope: t for t in await self.store.list_topics(scope=scope) if t.name == query}
        topic = named.get(scope) or named.get("")
        parsed: Query = parse_query(topic.query if topic is not None else query)
        index = TopicIndex.compile({"q": parsed})
        ids = await self.store.recent_item_ids(self.clock() - since)
        items = await self.store.get_items(ids)
        declared = await self.store.item_languages(ids)
        matches: list[TopicMatch] = []
        per_language: dict[str, list[int]] = {}
        for item in items:
            title, summary = item.item.title, item.item.summary
            tag = declared.get(item.id)
            language = declared_language(tag) if tag else script_language(f"{title} {summary}")
            counts = per_language.setdefault(language, [0, 0])
            counts[1] += 1
            hit = index.match(title, summary)
            if hit:
                counts[0] += 1
                why = index.explain(title, summary)["q"]
                matches.append(TopicMatch(item, hit["q"], why, language))
        matches.sort(key=lambda m: m.item.item.published_at, reverse=True)
        languages = sorted(per_language.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
        return TopicTest(
            str(parsed),
            tuple(matches),
            len(ids),
            tuple((k, m, n) for k, (m, n) in languages),
            topic,
        )
