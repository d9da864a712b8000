-- Topics, the topics each story matched, channels with their schedules and subscriptions,
-- and digests recorded (with their exact content) before they are sent.
BEGIN;

CREATE TABLE topics (
    key          TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    scope        TEXT NOT NULL DEFAULT '',
    query        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    origin       TEXT NOT NULL CHECK (origin IN ('builtin', 'config', 'user')),
    updated_at   TEXT NOT NULL,
    UNIQUE (scope, name)
);

CREATE TABLE story_topics (
    story_id   INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    topic_key  TEXT    NOT NULL,
    terms      TEXT    NOT NULL,  -- matched terms, tab-separated
    PRIMARY KEY (topic_key, story_id)
) WITHOUT ROWID;
CREATE INDEX story_topics_story ON story_topics (story_id);

CREATE TABLE channels (
    id             TEXT PRIMARY KEY,
    timezone       TEXT NOT NULL,
    schedule       TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'active'
                   CHECK (status IN ('active', 'paused', 'disabled')),
    status_reason  TEXT,
    created_at     TEXT NOT NULL
);

CREATE TABLE subscriptions (
    channel_id  TEXT    NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    topic_key   TEXT    NOT NULL,
    position    INTEGER NOT NULL,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (channel_id, topic_key)
) WITHOUT ROWID;

CREATE TABLE digests (
    id            TEXT PRIMARY KEY,
    channel_id    TEXT    NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    slot_key      TEXT,
    created_at    TEXT    NOT NULL,
    until_at      TEXT    NOT NULL,
    content       TEXT    NOT NULL,
    status        TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'delivered', 'empty')),
    parts_sent    INTEGER NOT NULL DEFAULT 0,
    message_ids   TEXT    NOT NULL DEFAULT '[]',
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    delivered_at  TEXT
);
CREATE UNIQUE INDEX digests_slot ON digests (channel_id, slot_key) WHERE slot_key IS NOT NULL;
CREATE UNIQUE INDEX digests_one_pending ON digests (channel_id) WHERE status = 'pending';
CREATE INDEX digests_channel ON digests (channel_id, created_at);

CREATE TABLE digest_stories (
    digest_id  TEXT    NOT NULL REFERENCES digests (id) ON DELETE CASCADE,
    story_id   INTEGER NOT NULL,
    PRIMARY KEY (digest_id, story_id)
) WITHOUT ROWID;
CREATE INDEX digest_stories_story ON digest_stories (story_id);

CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

PRAGMA user_version = 3;
COMMIT;
