-- Digest windows in commit order (issue 13): a digest covers the topic hits numbered after the
-- previous digest of its channel, not the stories first seen after a wall-clock time. A hit's
-- `seq` is assigned in the transaction that makes it visible, so a story committed late can no
-- longer fall behind a digest that ran in between. Digests get their own number `n` (recording
-- order) and `until_seq` (the last hit they could see); a pending digest carries a claim, so two
-- processes never send it at once; `dropped` keeps why a candidate was left out of a digest.
BEGIN;

ALTER TABLE story_topics ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
-- Number the existing hits in the order their stories were first seen (the old window order).
CREATE TEMP TABLE hit_order AS
    SELECT st.story_id, st.topic_key,
           row_number() OVER (ORDER BY s.first_seen_at, st.story_id, st.topic_key) AS n
    FROM story_topics st JOIN stories s ON s.id = st.story_id;
UPDATE story_topics SET seq = hit_order.n
    FROM hit_order
    WHERE hit_order.story_id = story_topics.story_id AND hit_order.topic_key = story_topics.topic_key;
DROP TABLE hit_order;
CREATE INDEX story_topics_seq ON story_topics (seq);
-- The counter only grows: a number a digest has seen is never handed out again.
INSERT OR REPLACE INTO meta (key, value)
    SELECT 'hit_seq', CAST(coalesce(max(seq), 0) AS TEXT) FROM story_topics;

ALTER TABLE digests ADD COLUMN n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE digests ADD COLUMN until_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE digests ADD COLUMN claimed_by TEXT;
ALTER TABLE digests ADD COLUMN claimed_until TEXT;
CREATE TEMP TABLE digest_order AS
    SELECT id, row_number() OVER (ORDER BY created_at, rowid) AS n FROM digests;
UPDATE digests SET n = digest_order.n FROM digest_order WHERE digest_order.id = digests.id;
DROP TABLE digest_order;
-- An existing digest saw every story first seen up to its until_at: nothing old floods the
-- next digest after the upgrade, and nothing already delivered is delivered again.
UPDATE digests SET until_seq = coalesce((
    SELECT max(st.seq) FROM story_topics st JOIN stories s ON s.id = st.story_id
    WHERE s.first_seen_at <= digests.until_at), 0);
CREATE INDEX digests_order ON digests (channel_id, n);

-- NULL: the story is in the digest; otherwise the reason it was left out (`why` shows it).
ALTER TABLE digest_stories ADD COLUMN dropped TEXT;

-- The digest number current when a topic was subscribed: a topic added after a channel's last
-- digest gets a first digest of its own (its recent stories), like a new channel.
ALTER TABLE subscriptions ADD COLUMN after_n INTEGER NOT NULL DEFAULT 0;

CREATE INDEX stories_published ON stories (published_at);

PRAGMA user_version = 4;
COMMIT;
