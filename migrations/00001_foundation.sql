-- +goose Up
CREATE TABLE organisations (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('municipality', 'district_team', 'care_provider', 'youth_care',
                                             'youth_family_centre', 'client_support', 'housing', 'other')),
    email      text NOT NULL DEFAULT '',
    address    text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name));

CREATE TABLE users (
    id              bigserial PRIMARY KEY,
    email           text NOT NULL,
    name            text NOT NULL,
    role            text NOT NULL CHECK (role IN ('staff', 'admin', 'organisation', 'council', 'supporter')),
    organisation_id bigint REFERENCES organisations (id),
    password_hash   text NOT NULL,
    created_at      timestamptz NOT NULL,
    disabled_at     timestamptz,
    CHECK ((role = 'organisation') = (organisation_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Bearer tokens: only the SHA-256 of the token is stored.
CREATE TABLE api_tokens (
    token_hash bytea PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
CREATE INDEX api_tokens_expires_idx ON api_tokens (expires_at);

-- Days equated to holidays by Royal Decree (Algemene termijnenwet art. 3 lid 3), extendable by the admin.
CREATE TABLE equated_days (
    day        date PRIMARY KEY,
    label      text NOT NULL,
    created_at timestamptz NOT NULL
);
INSERT INTO equated_days (day, label, created_at) VALUES
    ('2023-04-28', 'Gelijkgestelde dag (Besluit 2023)', '2023-01-01T00:00:00Z'),
    ('2023-05-19', 'Gelijkgestelde dag (Besluit 2023)', '2023-01-01T00:00:00Z'),
    ('2024-05-10', 'Gelijkgestelde dag (Besluit 2024)', '2024-01-01T00:00:00Z'),
    ('2024-12-27', 'Gelijkgestelde dag (Besluit 2024)', '2024-01-01T00:00:00Z'),
    ('2025-05-30', 'Gelijkgestelde dag (Besluit 2025)', '2025-01-01T00:00:00Z'),
    ('2026-01-02', 'Gelijkgestelde dag (Besluit 2026)', '2026-01-01T00:00:00Z'),
    ('2026-05-15', 'Gelijkgestelde dag (Besluit 2026)', '2026-01-01T00:00:00Z'),
    ('2027-05-07', 'Gelijkgestelde dag (Besluit 2027)', '2026-01-01T00:00:00Z'),
    ('2028-04-28', 'Gelijkgestelde dag (Besluit 2028)', '2026-01-01T00:00:00Z'),
    ('2028-05-26', 'Gelijkgestelde dag (Besluit 2028)', '2026-01-01T00:00:00Z');

CREATE SEQUENCE complaint_number_seq;

CREATE TABLE complaints (
    id                    bigserial PRIMARY KEY,
    reference             text NOT NULL UNIQUE,
    tracking_hash         bytea NOT NULL,
    status                text NOT NULL CHECK (status IN ('received', 'in_treatment', 'advised', 'closed',
                                                          'inadmissible', 'resolved', 'withdrawn')),
    channel               text NOT NULL CHECK (channel IN ('web', 'phone', 'email', 'letter', 'counter', 'social_media')),
    language              text NOT NULL CHECK (language IN ('nl', 'en')),
    received_at           timestamptz NOT NULL,
    handling_last_day     date NOT NULL,
    handling_deadline_at  timestamptz NOT NULL,
    postponements         int NOT NULL DEFAULT 0,
    complainant_name      text NOT NULL,
    complainant_email     text NOT NULL DEFAULT '',
    complainant_phone     text NOT NULL DEFAULT '',
    complainant_street    text NOT NULL DEFAULT '',
    complainant_postcode  text NOT NULL DEFAULT '',
    complainant_city      text NOT NULL DEFAULT '',
    supporter_name        text NOT NULL DEFAULT '',
    supporter_organisation text NOT NULL DEFAULT '',
    supporter_email       text NOT NULL DEFAULT '',
    supporter_phone       text NOT NULL DEFAULT '',
    supporter_street      text NOT NULL DEFAULT '',
    supporter_postcode    text NOT NULL DEFAULT '',
    supporter_city        text NOT NULL DEFAULT '',
    supporter_user_id     bigint REFERENCES users (id),
    supporter_consent     boolean NOT NULL DEFAULT false,
    grounds               text[] NOT NULL,
    life_domains          text[] NOT NULL,
    summary               text NOT NULL,
    desired_outcome       text NOT NULL DEFAULT '',
    occurred_on           date,
    handler_id            bigint REFERENCES users (id),
    verdict               text CHECK (verdict IN ('founded', 'partly_founded', 'unfounded')),
    findings              text NOT NULL DEFAULT '',
    conclusions           text NOT NULL DEFAULT '',
    ruled_at              timestamptz,
    inadmissible_ground   text NOT NULL DEFAULT '',
    closed_at             timestamptz
);
CREATE INDEX complaints_status_idx ON complaints (status, handling_deadline_at);
CREATE INDEX complaints_received_idx ON complaints (received_at);
CREATE INDEX complaints_supporter_idx ON complaints (supporter_user_id) WHERE supporter_user_id IS NOT NULL;

CREATE TABLE complaint_organisations (
    complaint_id    bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    organisation_id bigint NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (complaint_id, organisation_id)
);
CREATE INDEX complaint_organisations_org_idx ON complaint_organisations (organisation_id);

CREATE TABLE hearings (
    id              bigserial PRIMARY KEY,
    complaint_id    bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    party           text NOT NULL CHECK (party IN ('complainant', 'organisation')),
    organisation_id bigint REFERENCES organisations (id),
    held_on         date,
    record          text NOT NULL DEFAULT '',
    skipped         text NOT NULL DEFAULT '' CHECK (skipped IN ('', 'waived', 'no_response', 'obviously_unfounded')),
    skip_note       text NOT NULL DEFAULT '',
    recorded_by     bigint NOT NULL REFERENCES users (id),
    recorded_at     timestamptz NOT NULL,
    CHECK ((party = 'organisation') = (organisation_id IS NOT NULL)),
    CHECK ((held_on IS NULL) = (skipped <> ''))
);
CREATE INDEX hearings_complaint_idx ON hearings (complaint_id);

CREATE TABLE postponements (
    id           bigserial PRIMARY KEY,
    complaint_id bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    days         int NOT NULL CHECK (days > 0),
    from_day     date NOT NULL,
    to_day       date NOT NULL,
    reason       text NOT NULL,
    consent      text NOT NULL DEFAULT '',
    created_by   bigint NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL
);

CREATE TABLE advices (
    id                bigserial PRIMARY KEY,
    complaint_id      bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    organisation_id   bigint NOT NULL REFERENCES organisations (id),
    text              text NOT NULL,
    status            text NOT NULL CHECK (status IN ('issued', 'accepted', 'rejected', 'enforced', 'executed')),
    issued_at         timestamptz NOT NULL,
    respond_by        date NOT NULL,
    deadline_at       timestamptz NOT NULL,
    responded_at      timestamptz,
    rejection_reasons text NOT NULL DEFAULT '',
    enforced_at       timestamptz,
    executed_at       timestamptz,
    execution_note    text NOT NULL DEFAULT '',
    UNIQUE (complaint_id, organisation_id)
);
CREATE INDEX advices_org_idx ON advices (organisation_id, status);
-- The deadline sweep reads only advices still waiting for an answer.
CREATE INDEX advices_due_idx ON advices (deadline_at) WHERE status = 'issued';
CREATE INDEX advices_complaint_idx ON advices (complaint_id);

CREATE TABLE recommendations (
    id           bigserial PRIMARY KEY,
    complaint_id bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    life_domain  text NOT NULL,
    text         text NOT NULL,
    status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'adopted', 'partly_adopted', 'not_adopted')),
    note         text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL
);
CREATE INDEX recommendations_complaint_idx ON recommendations (complaint_id);

-- The audit trail: every transition, written in the transaction that makes it.
CREATE TABLE events (
    id            bigserial PRIMARY KEY,
    complaint_id  bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    advice_id     bigint REFERENCES advices (id) ON DELETE CASCADE,
    action        text NOT NULL,
    from_status   text NOT NULL DEFAULT '',
    to_status     text NOT NULL DEFAULT '',
    actor_user_id bigint REFERENCES users (id),
    actor_role    text NOT NULL,
    actor_name    text NOT NULL DEFAULT '',
    effective_at  timestamptz NOT NULL,
    processed_at  timestamptz NOT NULL,
    reason        text NOT NULL DEFAULT '',
    internal      boolean NOT NULL DEFAULT false
);
CREATE INDEX events_complaint_idx ON events (complaint_id, id);
CREATE INDEX events_advice_idx ON events (advice_id) WHERE advice_id IS NOT NULL;

-- Staff looking at a case is logged (AVG: access to special-category data).
CREATE TABLE access_log (
    id           bigserial PRIMARY KEY,
    complaint_id bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    user_id      bigint NOT NULL REFERENCES users (id),
    at           timestamptz NOT NULL
);
CREATE INDEX access_log_complaint_idx ON access_log (complaint_id);

-- +goose Down
DROP TABLE access_log, events, recommendations, advices, postponements, hearings, complaint_organisations,
    complaints, equated_days, api_tokens, users, organisations;
DROP SEQUENCE complaint_number_seq;
