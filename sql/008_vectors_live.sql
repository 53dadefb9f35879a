-- 008: events without sessions leave Elasticsearch, Qdrant and the
-- workers' vector stores (spec/INTEGRATION.md, "Search index and vectors").
--
-- event_vectors.live: the event had sessions when the vector step last
-- looked at it. The vector is kept either way (Postgres stays the record);
-- only live vectors are pushed to Qdrant, the others are deleted from it
-- (qdrant_pending covers both), and the workers drop a vector that is not
-- live when they load its row. A change of live moves seq, so the workers
-- load the row again.
ALTER TABLE event_vectors ADD COLUMN live boolean NOT NULL DEFAULT true;

-- What was pushed before: events already without sessions go.
UPDATE event_vectors v SET live = false, qdrant_pending = true,
    seq = nextval('event_vectors_seq'), updated_at = now()
FROM events e WHERE e.id = v.event_id AND e.session_count = 0;
UPDATE events SET search_pending = true WHERE session_count = 0 AND NOT search_pending;
