-- 012: the genre and sub-genre of a session's event, on the session.
--
-- The default listing (GET /api/events, sorted by next session) walks
-- sessions in start order and keeps each event's first one. With a genre or
-- sub-genre filter each walked session had to be joined to its event to be
-- tested, and sessions of other genres were walked and thrown away (3.4 ms
-- for genre=Music on the bench data, 100,000 events). With the lowered names
-- on the session, each filter walks an index of its own sessions only, and
-- the unfiltered walk needs no join at all.
--
-- The keys follow the event's genre in the same transaction, whoever
-- changes it (sync, a manual fix): a session takes its event's keys when it
-- is written, and an event passes a changed genre on to its sessions.
ALTER TABLE event_sessions ADD COLUMN genre_key text, ADD COLUMN sub_genre_key text;

UPDATE event_sessions s SET genre_key = lower(e.genre), sub_genre_key = lower(e.sub_genre)
FROM events e WHERE e.id = s.event_id;

CREATE FUNCTION marquee_session_genre() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT lower(e.genre), lower(e.sub_genre) INTO NEW.genre_key, NEW.sub_genre_key
    FROM events e WHERE e.id = NEW.event_id;
    RETURN NEW;
END;
$$;
CREATE TRIGGER event_sessions_genre BEFORE INSERT OR UPDATE OF event_id ON event_sessions
    FOR EACH ROW EXECUTE FUNCTION marquee_session_genre();

CREATE FUNCTION marquee_event_genre() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE event_sessions SET genre_key = lower(NEW.genre), sub_genre_key = lower(NEW.sub_genre)
    WHERE event_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER events_genre AFTER UPDATE OF genre, sub_genre ON events
    FOR EACH ROW
    WHEN (lower(OLD.genre) IS DISTINCT FROM lower(NEW.genre)
          OR lower(OLD.sub_genre) IS DISTINCT FROM lower(NEW.sub_genre))
    EXECUTE FUNCTION marquee_event_genre();

CREATE INDEX event_sessions_genre_start ON event_sessions (genre_key, start_at, id)
    INCLUDE (event_id, sub_genre_key);
CREATE INDEX event_sessions_sub_genre_start ON event_sessions (sub_genre_key, start_at, id)
    INCLUDE (event_id, genre_key);
