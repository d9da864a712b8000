-- Bounded growth (issue 13): items and stories older than database.retention_days are pruned,
-- but never an item its feed still lists: pruned, it would be stored again as new at the next
-- fetch. A feed's last_read_at is when its document was last read (a 200, not a 304), and an
-- item_source's last_seen_at when a read document last listed it; an item is still listed when
-- the two are equal. What earlier releases stored counts as listed until the feed's next read.
BEGIN;

ALTER TABLE feeds ADD COLUMN last_read_at TEXT;
UPDATE feeds SET last_read_at = last_success_at;
ALTER TABLE item_sources ADD COLUMN last_seen_at TEXT;
UPDATE item_sources SET last_seen_at = coalesce(
    (SELECT f.last_read_at FROM feeds f WHERE f.id = item_sources.feed_id), first_seen_at);
CREATE INDEX stories_updated ON stories (last_updated_at);

PRAGMA user_version = 6;
COMMIT;
