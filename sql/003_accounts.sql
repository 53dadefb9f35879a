-- 003: accounts. Users, their favorites and revoked sessions.

-- Emails are stored lower-case (the app lowers them in SQL, so both sides use
-- Postgres's lower()). Usernames keep the case they were typed in but are
-- unique case-insensitively: the unique index, not a prior SELECT, decides,
-- so two concurrent registrations cannot both win.
CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
    username      text NOT NULL CHECK (username ~ '^[A-Za-z0-9_.-]{3,32}$'),
    password_hash text NOT NULL,                -- Argon2id, PHC string format
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));

CREATE TABLE favorites (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_id   text NOT NULL REFERENCES events (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, event_id)
);
-- A user's favorites, newest first.
CREATE INDEX favorites_user_created ON favorites (user_id, created_at DESC, event_id);
-- The foreign key's reverse lookup (an event's favorites).
CREATE INDEX favorites_event ON favorites (event_id);

-- events.favorite_count follows favorites in the same transaction as the
-- insert or delete, whoever runs it (the API, a cascade, a manual fix), so
-- the count cannot drift from the rows.
CREATE FUNCTION marquee_favorite_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE events SET favorite_count = favorite_count + 1 WHERE id = NEW.event_id;
        RETURN NEW;
    END IF;
    UPDATE events SET favorite_count = favorite_count - 1 WHERE id = OLD.event_id;
    RETURN OLD;
END;
$$;
CREATE TRIGGER favorites_count AFTER INSERT OR DELETE ON favorites
    FOR EACH ROW EXECUTE FUNCTION marquee_favorite_count();

-- Signed-out sessions (JWT ids) until their token would have expired: the
-- source of truth for revocation. kv_pending marks a revocation that could
-- not be written to Redis when it happened; every worker copies those into
-- Redis when it (re)connects, before it trusts a cached session.
CREATE TABLE revoked_tokens (
    jti        text PRIMARY KEY,
    expires_at timestamptz NOT NULL,
    kv_pending boolean NOT NULL DEFAULT false,
    revoked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX revoked_tokens_expires ON revoked_tokens (expires_at);
CREATE INDEX revoked_tokens_pending ON revoked_tokens (expires_at) WHERE kv_pending;
