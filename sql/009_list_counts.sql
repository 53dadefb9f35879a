-- 009: the list total (events_count) from the index alone.
--
-- Its filter reads e.id (the EXISTS probe for events whose sessions straddle
-- the range), so without id in the index every matching event's heap row was
-- read: a seq scan of the 117 MB table for 100,000 events. With id (and, for
-- the genre index, genre and sub_genre) included, it is an index-only scan.
-- Whether the planner takes it depends on the estimates: on the bench data
-- (100,000 events) it still chose a seq scan for all upcoming events (75 ms)
-- where the index-only scan took 13-21 ms (EXPLAIN ANALYZE, warm).
DROP INDEX events_last_start;
CREATE INDEX events_last_start ON events (last_start_at) INCLUDE (first_start_at, id);
DROP INDEX events_genre_last_start;
CREATE INDEX events_genre_last_start ON events (lower(genre), last_start_at)
    INCLUDE (first_start_at, id, genre, sub_genre);

-- Short OLTP queries: JIT compiling one costs more (7-12 ms for the counts
-- above, whose estimated cost passes jit_above_cost) than it saves. Set for
-- the database, so for every new session.
DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
END $$;
