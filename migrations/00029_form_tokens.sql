-- +goose Up
-- The public complaint form in steps (issue 14, point 3).
--
-- A complaint form hands out a one-time token (signed by the form key, with its expiry; nothing is
-- stored when it is handed out). Filing claims it: the first post inserts its row, a second post
-- with the same token (a refresh, a double click) finds the row and gets the same confirmation, so
-- that one form files one complaint. Only the token's SHA-256 is stored. sealed_code is the
-- complaint's tracking code encrypted with a key derived from the token itself, which only the
-- resident's browser holds: the database alone cannot read it, and the row goes when the token
-- expires (pruned as new tokens are claimed) or when the case is destroyed.
CREATE TABLE form_tokens (
    token_hash   bytea PRIMARY KEY,
    expires_at   timestamptz NOT NULL,
    claimed_at   timestamptz NOT NULL,
    complaint_id bigint REFERENCES complaints (id) ON DELETE CASCADE,
    sealed_code  text NOT NULL DEFAULT ''
);
CREATE INDEX form_tokens_expires_idx ON form_tokens (expires_at);
CREATE INDEX form_tokens_complaint_idx ON form_tokens (complaint_id);

-- The life domain in the complainant's own words, beside the chosen life domains (which may now be
-- left to staff: an empty list).
ALTER TABLE complaints ADD COLUMN life_domain_text text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE complaints DROP COLUMN life_domain_text;
DROP TABLE form_tokens;
