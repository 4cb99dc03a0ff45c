-- +goose Up
-- Sessions of the web pages (a cookie), apart from the API's bearer tokens (api_tokens): a session
-- is seen on every page request (last_seen_at, for the idle timeout) and is revoked rather than
-- deleted (revoked_at), so that sign-out and an admin's revocation stay on record. Only the SHA-256
-- of the cookie's token is stored.
CREATE TABLE web_sessions (
    id           bigserial PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);
CREATE INDEX web_sessions_user_idx ON web_sessions (user_id) WHERE revoked_at IS NULL;

-- +goose Down
DROP TABLE web_sessions;
