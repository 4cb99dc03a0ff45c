-- +goose Up
-- The pool of independent client supporters (DOMAIN.md §7): organisations and individual
-- professionals (ZZP) outside the social district teams. The public directory shows the active
-- ones. Channels are columns, so that the directory's channel filter is a plain condition: a
-- channel is offered when its column is filled (phone, email, whatsapp, walk_in_address) or true
-- (home_visits). An empty neighbourhoods list means the whole city. Languages are ISO 639-1 codes,
-- with the ISO 639-2 collective code 'ber' for Tamazight (Berber languages: Tarifit, Tamazight,
-- Tashelhit), which has no 639-1 code.
CREATE TABLE supporters (
    id              bigserial PRIMARY KEY,
    name            text NOT NULL UNIQUE CHECK (name <> ''),
    kind            text NOT NULL CHECK (kind IN ('organisation', 'professional')),
    description_nl  text NOT NULL CHECK (description_nl <> ''),
    description_en  text NOT NULL DEFAULT '',
    life_domains    text[] NOT NULL CHECK (cardinality(life_domains) > 0),
    languages       text[] NOT NULL CHECK (cardinality(languages) > 0),
    neighbourhoods  text[] NOT NULL DEFAULT '{}',
    groups          text[] NOT NULL DEFAULT '{}',
    phone           text NOT NULL DEFAULT '',
    phone_hours     text NOT NULL DEFAULT '',
    email           text NOT NULL DEFAULT '',
    whatsapp        text NOT NULL DEFAULT '',
    walk_in_address text NOT NULL DEFAULT '',
    walk_in_hours   text NOT NULL DEFAULT '',
    home_visits     boolean NOT NULL DEFAULT false,
    website         text NOT NULL DEFAULT '',
    independence    text NOT NULL CHECK (independence <> ''),
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'removed')),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX supporters_status ON supporters (status, name);

-- Every admission, edit and change of status, with who did it, when and (for a change of status)
-- why: the pool's history.
CREATE TABLE supporter_events (
    id           bigserial PRIMARY KEY,
    supporter_id bigint NOT NULL REFERENCES supporters (id),
    kind         text NOT NULL CHECK (kind IN ('admitted', 'edited', 'suspended', 'reinstated', 'removed')),
    reason       text NOT NULL DEFAULT '',
    actor_id     bigint REFERENCES users (id),
    at           timestamptz NOT NULL,
    CHECK (kind IN ('admitted', 'edited') OR reason <> '')
);
CREATE INDEX supporter_events_supporter ON supporter_events (supporter_id, id);

-- A supporter's account belongs to a member of the pool.
ALTER TABLE users ADD COLUMN supporter_id bigint REFERENCES supporters (id);

-- +goose Down
ALTER TABLE users DROP COLUMN supporter_id;
DROP TABLE supporter_events;
DROP TABLE supporters;
