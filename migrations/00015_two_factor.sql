-- +goose Up
-- Two-step sign-in (TOTP, RFC 6238) for staff and admin.
--
-- totp_keys holds a user's TOTP secret: the server must compute the codes, so the secret cannot be
-- hashed like a password. It is sealed with AES-256-GCM under the key MELDPUNT_TOTP_KEY, which is
-- not in the database ('v1:' + base64); without a configured key it is stored as base32 text,
-- readable by whoever can read this table (the password is still needed besides). A key without confirmed_at is an enrolment in progress; it
-- becomes the user's second step when one code from the app is confirmed. last_step is the 30-second
-- time step of the last code accepted: a code is accepted only for a later step, so a code once used
-- (or an older one) is refused.
CREATE TABLE totp_keys (
    user_id      bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret       text NOT NULL,
    created_at   timestamptz NOT NULL,
    confirmed_at timestamptz,
    last_step    bigint NOT NULL DEFAULT 0
);

-- Whether the admin requires two-step sign-in of a role (staff, admin); no row: not required.
CREATE TABLE two_factor_rules (
    role       text PRIMARY KEY CHECK (role IN ('staff', 'admin')),
    required   boolean NOT NULL,
    changed_by bigint REFERENCES users (id) ON DELETE SET NULL,
    changed_at timestamptz NOT NULL
);

-- A sign-in between the password and the second step: the browser holds a random token (only its
-- SHA-256 is kept) that is no session: it opens only the page for the code (step 'code') or the
-- page to set up the app (step 'enrol'), for a few minutes, once, and after a few wrong codes it ends.
-- At step 'enrol' the new secret belongs to this pending sign-in (secret), not yet to the user: two
-- sign-ins with the same password never see each other's secret; the first code confirms it.
CREATE TABLE pending_sign_ins (
    id           bigserial PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    step         text NOT NULL CHECK (step IN ('code', 'enrol')),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    failures     int NOT NULL DEFAULT 0,
    ended_at     timestamptz,
    secret       text,
    CHECK ((step = 'enrol') = (secret IS NOT NULL))
);
CREATE INDEX pending_sign_ins_user_idx ON pending_sign_ins (user_id) WHERE ended_at IS NULL;

-- The trail of changes to accounts' security: two-step sign-in switched on or off (by the user or
-- by an admin) and the admin's requirement per role.
CREATE TABLE account_events (
    id            bigserial PRIMARY KEY,
    user_id       bigint REFERENCES users (id) ON DELETE CASCADE,
    action        text NOT NULL,
    detail        text NOT NULL DEFAULT '',
    actor_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
    actor_name    text NOT NULL DEFAULT '',
    at            timestamptz NOT NULL
);
CREATE INDEX account_events_user_idx ON account_events (user_id, id);

-- +goose Down
DROP TABLE account_events, pending_sign_ins, two_factor_rules, totp_keys;
