-- +goose Up
-- One-time links with which a user sets a new password after an admin reset it. Only the SHA-256
-- of the link's token is stored; a link is used once (used_at) and expires (expires_at). Making a
-- new link for a user ends the earlier ones that were not used (used_at set, superseded).
CREATE TABLE password_resets (
    id          bigserial PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id) WHERE used_at IS NULL;

-- +goose Down
DROP TABLE password_resets;
