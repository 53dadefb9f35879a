-- 009: the list total (events_count) from the index alone.
--
-- Its filter reads e.id (the EXISTS probe for events whose sessions straddle
-- the range), so without id in the index every matching event's heap row was
-- read: a seq scan of the 117 MB table for 100,000 events. With id (and, for
-- the genre index, genre and sub_genre) included, it is an index-only scan.
-- EXPLAIN ANALYZE on the bench data (100,000 events), warm, settings below:
-- all upcoming 75 -> 21 ms, one week 165 -> 20 ms, a genre 30 -> 20-39 ms.
DROP INDEX events_last_start;
CREATE INDEX events_last_start ON events (last_start_at) INCLUDE (first_start_at, id);
DROP INDEX events_genre_last_start;
CREATE INDEX events_genre_last_start ON events (lower(genre), last_start_at)
    INCLUDE (first_start_at, id, genre, sub_genre);

-- Planner settings for a catalogue that lives in memory, for new sessions:
-- - jit off: compiling a plan cost the counts above 7-12 ms (their estimated
--   cost passes jit_above_cost), more than short queries ever save;
-- - random_page_cost 1.1 (the usual value for SSDs and cached data): with the
--   default 4 the planner still preferred a seq scan of the 117 MB table
--   (75-165 ms) to an index-only scan of a 37 MB index (20-40 ms).
DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
    EXECUTE format('ALTER DATABASE %I SET random_page_cost = 1.1', current_database());
END $$;
