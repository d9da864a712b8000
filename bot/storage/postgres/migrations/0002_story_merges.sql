-- Twin of SQLite's 0009_story_merges.sql: stories one item bridged (issue 14), the story that was
-- merged away and the one it went into, so that every process follows a merge another one made.
BEGIN;

CREATE TABLE story_merges (
    story_id   bigint      PRIMARY KEY,
    into_id    bigint      NOT NULL,
    merged_at  timestamptz NOT NULL
);
CREATE INDEX story_merges_at ON story_merges (merged_at);

INSERT INTO schema_migrations (version, name) VALUES (2, '0002_story_merges.sql');
COMMIT;
