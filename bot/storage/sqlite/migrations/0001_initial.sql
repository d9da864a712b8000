-- Feeds and the items they carry. An item is stored once: its canonical URL is unique across
-- feeds, and item_sources records every (feed, identity) under which it was seen, so the same
-- article in two feeds is one item with two sources.
BEGIN;

CREATE TABLE feeds (
    id                INTEGER PRIMARY KEY,
    url               TEXT    NOT NULL UNIQUE,
    name              TEXT    NOT NULL,
    scope             TEXT,
    status            TEXT    NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'failing', 'paused')),
    etag              TEXT,
    last_modified     TEXT,
    added_at          TEXT    NOT NULL,
    next_fetch_at     TEXT    NOT NULL,
    last_fetch_at     TEXT,
    last_success_at   TEXT,
    error_count       INTEGER NOT NULL DEFAULT 0,
    error_kind        TEXT,
    last_error        TEXT,
    failing_since_at  TEXT,
    backlog_done      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feeds_due ON feeds (next_fetch_at) WHERE status != 'paused';

CREATE TABLE items (
    id              INTEGER PRIMARY KEY,
    url             TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    title_key       TEXT    NOT NULL,
    published_at    TEXT    NOT NULL,
    first_seen_at   TEXT    NOT NULL,
    date_estimated  INTEGER NOT NULL DEFAULT 0,
    author          TEXT,
    backlog         INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX items_url ON items (url) WHERE url != '';
CREATE INDEX items_title_key ON items (title_key, published_at);
CREATE INDEX items_first_seen ON items (first_seen_at);

CREATE TABLE item_sources (
    feed_id        INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    identity       TEXT    NOT NULL,
    item_id        INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    first_seen_at  TEXT    NOT NULL,
    PRIMARY KEY (feed_id, identity)
) WITHOUT ROWID;
CREATE INDEX item_sources_item ON item_sources (item_id);

PRAGMA user_version = 1;
COMMIT;
