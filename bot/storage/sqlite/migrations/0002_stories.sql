-- Stories: every item belongs to exactly one story; the merge decision that put it there
-- (rule, score, the item it matched) is kept so `why` can explain it.
BEGIN;

CREATE TABLE stories (
    id               INTEGER PRIMARY KEY,
    lead_item_id     INTEGER NOT NULL REFERENCES items (id),
    first_seen_at    TEXT    NOT NULL,
    last_updated_at  TEXT    NOT NULL,
    published_at     TEXT    NOT NULL,
    backlog          INTEGER NOT NULL DEFAULT 0,
    -- the outlets that covered the story, the lead item's first, separated by U+001F: kept here
    -- so that building a digest reads one row per story
    outlets          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX stories_first_seen ON stories (first_seen_at);

ALTER TABLE items ADD COLUMN story_id INTEGER REFERENCES stories (id);
ALTER TABLE items ADD COLUMN merge_rule TEXT;
ALTER TABLE items ADD COLUMN merge_score REAL;
ALTER TABLE items ADD COLUMN merge_item_id INTEGER;
ALTER TABLE items ADD COLUMN merge_note TEXT;
CREATE INDEX items_story ON items (story_id);
CREATE INDEX items_published ON items (published_at);

PRAGMA user_version = 2;
COMMIT;
