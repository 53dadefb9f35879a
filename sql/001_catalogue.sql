-- 001: the catalogue. Raw layer (extracted_events) and the events layer
-- (events + event_sessions), plus genres. Applied once by marquee-migrate.

CREATE TABLE genres (
    id         text PRIMARY KEY,               -- Ticketmaster segment id
    name       text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE subgenres (
    id         text PRIMARY KEY,               -- Ticketmaster genre id
    genre_id   text NOT NULL REFERENCES genres (id),
    name       text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subgenres_genre_id ON subgenres (genre_id);

-- Layer 1: one row per Ticketmaster event, raw JSON kept beside the mapped
-- columns. content_hash covers the mapped columns; sync_pending is set when
-- it changes and cleared by marquee-sync in the batch that processed it.
CREATE TABLE extracted_events (
    id              text PRIMARY KEY,          -- Ticketmaster event id
    raw             jsonb NOT NULL,
    name            text,
    url             text,
    description     text,
    status          text,
    start_at        timestamptz,
    end_at          timestamptz,
    local_date      date,
    local_time      time,
    timezone        text,
    sales_start_at  timestamptz,
    sales_end_at    timestamptz,
    genre           text,
    sub_genre       text,
    segment_id      text,
    genre_id        text,
    venue_id        text,
    venue_name      text,
    venue_address   text,
    venue_latitude  numeric,
    venue_longitude numeric,
    venue_timezone  text,
    image_url       text,
    price_min       numeric,
    price_max       numeric,
    price_currency  text,
    content_hash    text NOT NULL,
    sync_pending    boolean NOT NULL DEFAULT true,
    extracted_at    timestamptz NOT NULL DEFAULT now(),
    changed_at      timestamptz NOT NULL DEFAULT now()
);
-- marquee-sync reads only the pending rows, in id order.
CREATE INDEX extracted_events_pending ON extracted_events (id) WHERE sync_pending;

-- Layer 2: one event per (name, venue name); id = sha256(name || 0x1f || venue).
-- first/last_start_at bound its sessions' start times exactly, so "has a
-- session at or after X" is answered from this table alone.
CREATE TABLE events (
    id             text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
    name           text NOT NULL,
    venue_name     text NOT NULL,
    genre          text,
    sub_genre      text,
    venue_id       text,
    venue_address  text,
    image_url      text,
    description    text,
    first_start_at timestamptz,
    last_start_at  timestamptz,
    session_count  integer NOT NULL DEFAULT 0,
    favorite_count integer NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
-- Listing filters and sorts (see docs/ARCHITECTURE.md, "catalogue queries").
CREATE INDEX events_last_start ON events (last_start_at) INCLUDE (first_start_at);
CREATE INDEX events_genre_last_start ON events (lower(genre), last_start_at)
    INCLUDE (first_start_at);
CREATE INDEX events_name ON events (name, id);
CREATE INDEX events_popularity ON events (favorite_count DESC, id);

CREATE TABLE event_sessions (
    id             text PRIMARY KEY,           -- Ticketmaster event id
    event_id       text NOT NULL REFERENCES events (id),
    start_at       timestamptz,
    end_at         timestamptz,
    local_date     date,
    local_time     time,
    timezone       text,
    url            text,
    sales_start_at timestamptz,
    sales_end_at   timestamptz,
    status         text,
    content_hash   text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_sessions_event_start ON event_sessions (event_id, start_at, id);
CREATE INDEX event_sessions_start ON event_sessions (start_at, id) INCLUDE (event_id);
