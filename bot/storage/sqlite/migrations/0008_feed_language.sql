-- Issue 15: `topics test` counts a query's matches per language, and the language of an item is
-- its feed's declared language (RSS <language>, Atom xml:lang), which every successful fetch now
-- records. NULL until a feed's next successful fetch, or when the feed declares none; the bot
-- then falls back to the script of the item's text. Additive: existing rows keep everything.
BEGIN;

ALTER TABLE feeds ADD COLUMN language TEXT;

PRAGMA user_version = 8;
COMMIT;
