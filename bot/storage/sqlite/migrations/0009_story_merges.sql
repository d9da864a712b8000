-- Stories one item bridged (issue 14): the story that was merged away and the one it went into.
-- Several processes on one database (issue 18) read it to follow a merge another process made:
-- an item placed into the old story goes to the new one. Additive: an existing database keeps
-- every story and item as they were.
BEGIN;

CREATE TABLE story_merges (
    story_id   INTEGER PRIMARY KEY,
    into_id    INTEGER NOT NULL,
    merged_at  TEXT    NOT NULL
);
CREATE INDEX story_merges_at ON story_merges (merged_at);

PRAGMA user_version = 9;
COMMIT;
