-- 005: usernames are stored lower-case, like emails (spec/API.md: 3..32 of
-- [a-z0-9_.-]). Registration lowers what was typed, so "Alice" signs up as
-- "alice"; sign-in was already case-insensitive. The unique index on
-- lower(username) guarantees the UPDATE below cannot collide.
UPDATE users SET username = lower(username) WHERE username <> lower(username);
ALTER TABLE users DROP CONSTRAINT users_username_check;
ALTER TABLE users ADD CONSTRAINT users_username_check CHECK (username ~ '^[a-z0-9_.-]{3,32}$');
