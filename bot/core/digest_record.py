"""A digest as recorded before it is sent: JSON, exactly as built (issues 6 and 13).

A pending digest is resent *as recorded* after a crash, so the record must read back into an
equal ``Digest``; fields added later (``undated``, ``sources``, ``more``) are optional when read,
so a digest recorded by an earlier release and left pending across an upgrade is still sent.
Split from ``digest`` (issue 17): building a digest and recording it are two ideas.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.core.model import ChannelRef, Digest, DigestEntry, DigestSection, Source

JSON_VERSION = 1


def digest_to_json(d: Digest) -> str:
    """The digest exactly as built, for recording before it is sent."""
    return json.dumps(
        {
            "v": JSON_VERSION,
            "id": d.id,
            "channel": {"platform": d.channel.platform, "id": d.channel.id},
            "created_at": d.created_at.isoformat(),
            "since_at": None if d.since_at is None else d.since_at.isoformat(),
            "timezone": d.timezone,
            "note": d.note,
            "sections": [
                {
                    "topic": s.topic,
                    "entries": [_entry_to_json(e) for e in s.entries],
                    "more": s.more,
                }
                for s in d.sections
            ],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _entry_to_json(e: DigestEntry) -> dict[str, Any]:
    return {
        "story_id": e.story_id,
        "title": e.title,
        "url": e.url,
        "summary": e.summary,
        "outlets": list(e.outlets),
        "published_at": e.published_at.isoformat(),
        "matched_terms": list(e.matched_terms),
        "undated": e.undated,
        "sources": [[source.outlet, source.url] for source in e.sources],
    }


def digest_from_json(s: str) -> Digest:
    """Inverse of ``digest_to_json``; a record of another version is a bug, not user input."""
    data = json.loads(s)
    if data.get("v") != JSON_VERSION:
        raise ValueError(f"unsupported digest record version {data.get('v')!r}")
    since = data["since_at"]
    return Digest(
        id=data["id"],
        channel=ChannelRef(data["channel"]["platform"], data["channel"]["id"]),
        created_at=datetime.fromisoformat(data["created_at"]),
        since_at=None if since is None else datetime.fromisoformat(since),
        timezone=data["timezone"],
        sections=tuple(
            DigestSection(
                section["topic"],
                tuple(
                    DigestEntry(
                        story_id=e["story_id"],
                        title=e["title"],
                        url=e["url"],
                        summary=e["summary"],
                        outlets=tuple(e["outlets"]),
                        published_at=datetime.fromisoformat(e["published_at"]),
                        matched_terms=tuple(e["matched_terms"]),
                        # absent in records written before 0.2 (pending across an upgrade)
                        undated=bool(e.get("undated", False)),
                        sources=tuple(Source(o, u) for o, u in e.get("sources", ())),
                    )
                    for e in section["entries"]
                ),
                more=int(section.get("more", 0)),
            )
            for section in data["sections"]
        ),
        note=data["note"],
    )
