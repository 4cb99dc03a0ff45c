-- +goose Up
-- Uniform monitoring of client support (DOMAIN.md §7, seed 002): a supporter records, per client
-- trajectory, the issues (kwesties) by topic, the contacts and other work with the minutes spent,
-- the referrals and the outcome. The municipality sees only counts built from these rows; the
-- client label is the supporter's own (initials, their file number) and is never shown to anyone
-- else.
CREATE TABLE trajectories (
    id             bigserial PRIMARY KEY,
    supporter_id   bigint NOT NULL REFERENCES supporters (id),
    client_label   text NOT NULL CHECK (client_label <> '' AND length(client_label) <= 60),
    started_on     date NOT NULL,
    ended_on       date CHECK (ended_on IS NULL OR ended_on >= started_on),
    -- Set when the trajectory ends: how it went for the client.
    outcome        text CHECK (outcome IN ('resolved', 'partly_resolved', 'not_resolved', 'referred', 'client_stopped')),
    CHECK ((ended_on IS NULL) = (outcome IS NULL)),
    life_domains   text[] NOT NULL DEFAULT '{}',
    -- The complaint this trajectory supported, when it did.
    complaint_id   bigint REFERENCES complaints (id),
    -- A trajectory that began with a referral from another member of the pool.
    referred_by_id bigint REFERENCES supporters (id),
    created_by     bigint REFERENCES users (id),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX trajectories_supporter ON trajectories (supporter_id, started_on);
CREATE INDEX trajectories_period ON trajectories (started_on, ended_on);

-- The issues the client came with, each with a topic finer than the life domain.
CREATE TABLE trajectory_issues (
    id            bigserial PRIMARY KEY,
    trajectory_id bigint NOT NULL REFERENCES trajectories (id) ON DELETE CASCADE,
    topic         text NOT NULL CHECK (topic IN ('day_activities', 'household_help', 'transport',
                      'aids_adaptations', 'care_at_home', 'youth_care', 'work_income', 'finances',
                      'debts', 'housing_shelter', 'health', 'education', 'objection_appeal',
                      'complaint', 'other')),
    noted_on      date NOT NULL
);
CREATE INDEX trajectory_issues_trajectory ON trajectory_issues (trajectory_id);

-- Contacts with the client by channel, and work without the client ('desk': letters, calls to an
-- organisation), each with the minutes spent: the hours of a trajectory are their sum.
CREATE TABLE trajectory_activities (
    id            bigserial PRIMARY KEY,
    trajectory_id bigint NOT NULL REFERENCES trajectories (id) ON DELETE CASCADE,
    on_date       date NOT NULL,
    channel       text NOT NULL CHECK (channel IN ('phone', 'email', 'whatsapp', 'walk_in', 'home_visit',
                      'video', 'letter', 'accompanied', 'desk')),
    minutes       integer NOT NULL CHECK (minutes > 0 AND minutes <= 24 * 60)
);
CREATE INDEX trajectory_activities_trajectory ON trajectory_activities (trajectory_id, on_date);

-- Referrals onwards: to another member of the pool with the right expertise, or to an
-- organisation outside it (named, e.g. the debt counselling service).
CREATE TABLE trajectory_referrals (
    id              bigserial PRIMARY KEY,
    trajectory_id   bigint NOT NULL REFERENCES trajectories (id) ON DELETE CASCADE,
    on_date         date NOT NULL,
    to_supporter_id bigint REFERENCES supporters (id),
    to_organisation text NOT NULL DEFAULT '',
    topic           text NOT NULL DEFAULT 'other',
    CHECK ((to_supporter_id IS NULL) <> (to_organisation = ''))
);
CREATE INDEX trajectory_referrals_trajectory ON trajectory_referrals (trajectory_id);

-- The municipality's policy officer: read-only, anonymous figures only.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('staff', 'admin', 'organisation', 'council', 'supporter', 'municipality'));

-- +goose Down
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('staff', 'admin', 'organisation', 'council', 'supporter'));
DROP TABLE trajectory_referrals;
DROP TABLE trajectory_activities;
DROP TABLE trajectory_issues;
DROP TABLE trajectories;
