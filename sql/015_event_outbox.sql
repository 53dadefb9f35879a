-- 015: event.upserted (spec/MARKET.md). marquee-sync writes one outbox row per
-- event a batch created or changed, in the batch's transaction, with the
-- event's new version: consumers see catalogue changes on the same stream and
-- with the same guarantees as the marketplace's.
ALTER TABLE events ADD COLUMN version integer NOT NULL DEFAULT 0;

CREATE FUNCTION marquee_event_json(e events) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', e.id, 'name', e.name, 'venueName', e.venue_name, 'venueId', e.venue_id,
        'genre', e.genre, 'subGenre', e.sub_genre, 'imageUrl', e.image_url,
        'firstStartAt', marquee_iso(e.first_start_at), 'lastStartAt', marquee_iso(e.last_start_at),
        'sessionCount', e.session_count, 'version', e.version,
        'updatedAt', marquee_iso(e.updated_at))
$$;
