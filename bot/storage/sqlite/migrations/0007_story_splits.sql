-- Splits an admin made (issue 14): the item must never rejoin that story. Self-contained: it
-- only adds a table, so an existing database keeps every story and item as they were.
BEGIN;

CREATE TABLE story_splits (
    item_id   INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    story_id  INTEGER NOT NULL,
    split_at  TEXT    NOT NULL,
    PRIMARY KEY (item_id, story_id)
) WITHOUT ROWID;

PRAGMA user_version = 7;
COMMIT;
