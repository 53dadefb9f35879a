-- 006: event images re-hosted on imgBB (spec/INTEGRATION.md, "Images").
--
-- One row per distinct source image URL, registered by marquee-sync's
-- batches; the image step uploads those still without hosted_url (when
-- IMGBB_API_KEY is set), at most once each while it succeeds. A failed
-- upload keeps the row pending and waits before the next try
-- (next_attempt_at grows with attempts).
CREATE TABLE images (
    source_url      text PRIMARY KEY,          -- as chosen by ingest (<= 2048 bytes)
    hosted_url      text,                      -- imgBB data.url once uploaded
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    last_attempt_at timestamptz,
    next_attempt_at timestamptz NOT NULL DEFAULT '-infinity',
    created_at      timestamptz NOT NULL DEFAULT now(),
    uploaded_at     timestamptz
);
CREATE INDEX images_pending ON images (source_url) WHERE hosted_url IS NULL;

-- events.image_url is what the API shows: the hosted copy when there is
-- one, else the source, which image_source_url keeps. Hash index: equality
-- only, and no length limit on the URL.
ALTER TABLE events ADD COLUMN image_source_url text;
UPDATE events SET image_source_url = image_url WHERE image_url IS NOT NULL;
CREATE INDEX events_image_source ON events USING hash (image_source_url);

INSERT INTO images (source_url)
SELECT DISTINCT image_source_url FROM events
WHERE image_source_url ~ '^https?://' AND octet_length(image_source_url) <= 2048
ON CONFLICT DO NOTHING;
