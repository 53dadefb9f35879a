-- 004: search and similar events (spec/API.md /api/search, /api/events/{id}/similar).
--
-- Search on the embedded default is Postgres full text over our own word
-- split: the words of an event's name (weight A) and venue name (weight B)
-- form a tsvector, GIN-indexed. Typo tolerance comes from search_terms,
-- the dictionary of every word that occurs in a name or venue name: the
-- API worker expands each query word into the dictionary words within its
-- edit budget (src/app/search/search_dict.c) and asks for events holding
-- one of them per query word (the last one also as a prefix).

-- The words of s: ASCII letters folded to lower case, split on every ASCII
-- character that is not a letter or a digit and on a few non-ASCII
-- punctuation marks (inverted marks, guillemets, dashes, curly quotes,
-- bullet, ellipsis). Other non-ASCII characters are kept as they are, so
-- the C side (src/app/search/search_text.c) splits the same way without a
-- Unicode table.
CREATE FUNCTION marquee_words(s text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT COALESCE(array_agg(w), '{}') FROM regexp_split_to_table(
        translate(s, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),
        '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f\u00a1\u00ab\u00bb\u00bf\u2010-\u2015\u2018-\u201f\u2022\u2026]+')
        AS w WHERE w <> ''
$$;

-- The words of s joined by one space (array_to_string is only STABLE in
-- general, but it is immutable for text[]).
CREATE FUNCTION marquee_search_name(s text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_to_string(marquee_words(s), ' ')
$$;

ALTER TABLE events
    -- the name's words joined by one space: exact and prefix matches rank first
    ADD COLUMN search_name text GENERATED ALWAYS AS
        (marquee_search_name(name)) STORED,
    -- the words of the name and the venue name (matching, GIN-indexed) and
    -- of the name alone (ranking: every query word found in the name)
    ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS
        (array_to_tsvector(marquee_words(name) || marquee_words(venue_name))) STORED,
    ADD COLUMN name_tsv tsvector GENERATED ALWAYS AS
        (array_to_tsvector(marquee_words(name))) STORED,
    -- set by marquee-sync for every created or changed event; cleared once
    -- Elasticsearch (search) or the vector step (vector) has it
    ADD COLUMN search_pending boolean NOT NULL DEFAULT true,
    ADD COLUMN vector_pending boolean NOT NULL DEFAULT true;
CREATE INDEX events_search_tsv ON events USING gin (search_tsv);
-- byte order, so the names starting with a query are one range of it
CREATE INDEX events_search_name ON events (search_name COLLATE "C");
CREATE INDEX events_search_pending ON events (id) WHERE search_pending;
CREATE INDEX events_vector_pending ON events (id) WHERE vector_pending;

-- The first cap events matching q (in table order) that pass the filters
-- of /api/search, for src/app/search/search_store.c when few events match:
-- with seq scans off Postgres takes the GIN index, where it would otherwise
-- scan the table hoping to stop early at the LIMIT (reading thousands of
-- rows when the matches are rare).
-- (The parameters are named want_* because a column of the same name
-- would win over them inside the body.)
CREATE FUNCTION marquee_search_gin(want_q tsquery, want_genre text, want_from timestamptz,
                                   want_to timestamptz, want_cap integer)
RETURNS TABLE (id text, search_name text, name_tsv tsvector, search_tsv tsvector)
LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off AS $$
    SELECT e.id, e.search_name, e.name_tsv, e.search_tsv FROM events e
    WHERE e.search_tsv @@ want_q AND e.session_count > 0
      AND (want_genre IS NULL OR lower(e.genre) = lower(want_genre))
      AND (want_from IS NULL OR (e.last_start_at >= want_from AND e.first_start_at < want_to
           AND (e.first_start_at >= want_from OR e.last_start_at < want_to OR EXISTS (
           SELECT 1 FROM event_sessions x WHERE x.event_id = e.id AND x.start_at >= want_from
           AND x.start_at < want_to))))
    LIMIT want_cap
$$;

-- The dictionary of words in names and venue names, with how many events
-- hold each. seq grows with every new word: workers reload their copy when
-- max(seq) moved.
CREATE SEQUENCE search_terms_seq;
CREATE TABLE search_terms (
    term   text PRIMARY KEY,
    events integer NOT NULL,
    seq    bigint NOT NULL DEFAULT nextval('search_terms_seq')
);
CREATE INDEX search_terms_seq_idx ON search_terms (seq);


-- An event's name and venue never change (its id hashes them), so the
-- dictionary only grows with inserted events.
CREATE FUNCTION marquee_search_terms_add() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_terms (term, events)
    SELECT t, count(*) FROM (
        SELECT DISTINCT n.id, unnest(marquee_words(n.name) || marquee_words(n.venue_name)) AS t
        FROM new_events n) w
    GROUP BY t
    ON CONFLICT (term) DO UPDATE SET events = search_terms.events + EXCLUDED.events;
    RETURN NULL;
END;
$$;
CREATE TRIGGER events_search_terms AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT
    EXECUTE FUNCTION marquee_search_terms_add();

INSERT INTO search_terms (term, events)
SELECT t, count(*) FROM (
    SELECT DISTINCT id, unnest(marquee_words(name) || marquee_words(venue_name)) AS t
    FROM events) w
GROUP BY t;

-- One embedding per event (384 float4, little-endian), from the text in
-- text_hash (md5 of what was embedded, so an unchanged text is not
-- embedded again). q8 is the same vector quantised to int8 with scale
-- q8_scale (v[i] ~ q8[i] * q8_scale): what the API workers hold in memory.
-- seq grows with every write: workers load the rows above the last seq
-- they saw. qdrant_pending: not yet in Qdrant (when QDRANT_URL is set).
CREATE SEQUENCE event_vectors_seq;
CREATE TABLE event_vectors (
    event_id       text PRIMARY KEY REFERENCES events (id),
    embedding      bytea NOT NULL CHECK (length(embedding) = 384 * 4),
    q8             bytea NOT NULL CHECK (length(q8) = 384),
    q8_scale       real NOT NULL,
    model          text NOT NULL,
    text_hash      text NOT NULL,
    qdrant_pending boolean NOT NULL DEFAULT true,
    seq            bigint NOT NULL DEFAULT nextval('event_vectors_seq'),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX event_vectors_seq_idx ON event_vectors (seq);
CREATE INDEX event_vectors_qdrant_pending ON event_vectors (event_id) WHERE qdrant_pending;
