-- 011: the names starting with a search query, read in index order.
--
-- A search ranks names equal to or starting with the query first, taking
-- up to 100 of them alphabetically from events_search_name
-- (src/app/search/search_store.c). Postgres estimated one such name for
-- "an evening" (3,119 at 100,000 events), read all of them through a
-- bitmap and sorted them: 4.5 ms, against a few hundred microseconds for
-- walking the index in order and stopping at the 100th. Bitmap and
-- sequential scans are off here, so the walk is the plan.
CREATE FUNCTION marquee_search_prefix(want_name text, want_q tsquery, want_genre text,
                                      want_from timestamptz, want_to timestamptz,
                                      want_cap integer)
RETURNS TABLE (id text, search_name text, name_tsv tsvector, search_tsv tsvector)
LANGUAGE sql STABLE PARALLEL SAFE
SET enable_bitmapscan = off SET enable_seqscan = off SET max_parallel_workers_per_gather = 0 AS $$
    SELECT e.id, e.search_name, e.name_tsv, e.search_tsv FROM events e
    WHERE e.search_name COLLATE "C" >= want_name
      AND e.search_name COLLATE "C" < want_name || chr(1114111)
      AND left(e.search_name, length(want_name)) = want_name
      AND e.search_tsv @@ want_q AND e.session_count > 0
      AND (want_genre IS NULL OR lower(e.genre) = lower(want_genre))
      AND (want_from IS NULL OR (e.last_start_at >= want_from AND e.first_start_at < want_to
           AND (e.first_start_at >= want_from OR e.last_start_at < want_to OR EXISTS (
           SELECT 1 FROM event_sessions x WHERE x.event_id = e.id AND x.start_at >= want_from
           AND x.start_at < want_to))))
    ORDER BY e.search_name COLLATE "C"
    LIMIT want_cap
$$;
