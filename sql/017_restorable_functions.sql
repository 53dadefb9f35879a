-- 017: a backup restores (scripts/dev restore). pg_restore runs with an empty
-- search_path, and computes events' generated columns as it loads the rows, so
-- a function they use must name what it calls with its schema.
CREATE OR REPLACE FUNCTION marquee_search_name(s text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_to_string(public.marquee_words(s), ' ')
$$;
