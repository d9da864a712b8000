-- Issue 16: a canonical link no longer identifies an item on its own. Inside one feed, entries
-- with distinct guids are distinct items even when their links are equal (a podcast whose every
-- <link> is the show's home page), so several items may now share one url. Dedupe by link
-- across feeds stays, in the store's code (bot/storage/feeds.py), which looks items up through
-- this (now non-unique) index. item_sources and every stored identity are untouched, so nothing
-- stored before is seen as new after the upgrade.
-- Assumes only migration 0001's "items_url" index; nothing else depends on its uniqueness.
BEGIN;

DROP INDEX items_url;
CREATE INDEX items_url ON items (url) WHERE url != '';

PRAGMA user_version = 5;
COMMIT;
