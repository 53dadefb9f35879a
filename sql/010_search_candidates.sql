-- 010: the search's candidates do not depend on the planner's costs.
--
-- A search ranks the first 100 events matching the query, in table order
-- (src/app/search/search_store.c). It takes them from the GIN index when
-- few events match (marquee_search_gin) and from a walk of the table that
-- stops at the 100th when many do (marquee_search_scan): both must return
-- exactly those rows, whatever plan is cheapest on the day. So each runs
-- with the planner limited to plans that read events in table order:
-- bitmap scans (a bitmap is read block by block) for the first, a
-- sequential scan from the first block for the second; for both no plain
-- index scan (index order) and no parallel workers (their rows interleave
-- in any order). The sessions a date range probes are still read through
-- their index (bitmap or index-only, order does not matter there).

CREATE OR REPLACE FUNCTION marquee_search_gin(want_q tsquery, want_genre text,
                                              want_from timestamptz, want_to timestamptz,
                                              want_cap integer)
RETURNS TABLE (id text, search_name text, name_tsv tsvector, search_tsv tsvector)
LANGUAGE sql STABLE PARALLEL SAFE
SET enable_seqscan = off SET enable_indexscan = off SET max_parallel_workers_per_gather = 0 AS $$
    SELECT e.id, e.search_name, e.name_tsv, e.search_tsv FROM events e
    WHERE e.search_tsv @@ want_q AND e.session_count > 0
      AND (want_genre IS NULL OR lower(e.genre) = lower(want_genre))
      AND (want_from IS NULL OR (e.last_start_at >= want_from AND e.first_start_at < want_to
           AND (e.first_start_at >= want_from OR e.last_start_at < want_to OR EXISTS (
           SELECT 1 FROM event_sessions x WHERE x.event_id = e.id AND x.start_at >= want_from
           AND x.start_at < want_to))))
    LIMIT want_cap
$$;

CREATE FUNCTION marquee_search_scan(want_q tsquery, want_genre text, want_from timestamptz,
                                    want_to timestamptz, want_cap integer)
RETURNS TABLE (id text, search_name text, name_tsv tsvector, search_tsv tsvector)
LANGUAGE sql STABLE PARALLEL SAFE
SET enable_indexscan = off SET max_parallel_workers_per_gather = 0 SET synchronize_seqscans = off
AS $$
    SELECT e.id, e.search_name, e.name_tsv, e.search_tsv FROM events e
    WHERE (e.search_tsv @@ want_q) IS TRUE AND e.session_count > 0
      AND (want_genre IS NULL OR lower(e.genre) = lower(want_genre))
      AND (want_from IS NULL OR (e.last_start_at >= want_from AND e.first_start_at < want_to
           AND (e.first_start_at >= want_from OR e.last_start_at < want_to OR EXISTS (
           SELECT 1 FROM event_sessions x WHERE x.event_id = e.id AND x.start_at >= want_from
           AND x.start_at < want_to))))
    LIMIT want_cap
$$;
