-- 007: source_hash, so a re-run can skip unchanged events before they reach
-- Postgres. marquee-ingest computes it per event as "1:" followed by the hex
-- MurmurHash3_x64_128 of the event object's bytes exactly as received (its
-- text in _embedded.events; json-c's compact serialisation on the rare pages
-- it has to parse whole), reads the stored hashes of a page's ids in one
-- query and sends only the events whose hash differs. It is a cache key, not
-- the change test: content_hash (md5 of the jsonb) still decides whether a
-- row is rewritten and marked sync_pending. Existing rows have no
-- source_hash and are simply sent once more.
ALTER TABLE extracted_events ADD COLUMN source_hash text;
