-- +goose Up
-- Asking a client supporter for help without complaining (issue 12, point 3; DOMAIN.md §7). A
-- resident asks a supporter of their choice to contact them; the supporter accepts, declines (with
-- a reason for the resident) or refers the resident to another member of the pool (with a reason).
-- The resident keeps the last word on a referral: take it (the request goes to the other supporter
-- as a new row with the same reference and code, the old row ends as 'transferred'), keep the first
-- choice (the request is pending again with the first supporter) or withdraw.
--
-- A request nobody picks up by pickup_last_day (2 working days after it came in, Europe/Amsterdam,
-- public holidays skipped) shows on the meldpunt's worklist, and so does every open request of a
-- supporter that is suspended or removed.
CREATE TABLE support_requests (
    id              bigserial PRIMARY KEY,
    -- The resident's reference ("HV-2026-00042") and the hash of their secret code: shared by the
    -- rows of one chain of referrals, at most one of which is not 'transferred'.
    reference       text NOT NULL,
    code_hash       bytea NOT NULL,
    previous_id     bigint REFERENCES support_requests (id),
    supporter_id    bigint NOT NULL REFERENCES supporters (id),
    status          text NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'referred', 'transferred', 'withdrawn')),
    name            text NOT NULL CHECK (name <> ''),
    email           text NOT NULL DEFAULT '',
    phone           text NOT NULL DEFAULT '',
    CHECK (email <> '' OR phone <> ''),
    channel         text NOT NULL CHECK (channel IN ('phone', 'email', 'whatsapp', 'walk_in', 'home_visit')),
    language        text NOT NULL,
    question        text NOT NULL CHECK (question <> ''),
    life_domains    text[] NOT NULL DEFAULT '{}',
    -- The supporter proposed by a referral, while the resident chooses (status 'referred').
    referred_to     bigint REFERENCES supporters (id),
    CHECK ((status = 'referred') = (referred_to IS NOT NULL)),
    -- The reason of the last decline or referral, for the resident.
    reason          text NOT NULL DEFAULT '',
    pickup_last_day date NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX support_requests_reference ON support_requests (reference) WHERE status <> 'transferred';
CREATE INDEX support_requests_chain ON support_requests (reference, id);
CREATE INDEX support_requests_supporter ON support_requests (supporter_id, status, id);
CREATE INDEX support_requests_pending ON support_requests (pickup_last_day, id) WHERE status = 'pending';
CREATE SEQUENCE support_request_numbers;

-- Every step, with who took it and when: the resident (no account), a supporter's account, staff
-- (a look at an overdue request is recorded too), or the system.
CREATE TABLE support_request_events (
    id           bigserial PRIMARY KEY,
    request_id   bigint NOT NULL REFERENCES support_requests (id),
    kind         text NOT NULL CHECK (kind IN ('requested', 'accepted', 'declined', 'referred', 'referral_taken',
                                               'continued', 'kept', 'withdrawn', 'viewed_by_staff')),
    actor_role   text NOT NULL,
    actor_id     bigint REFERENCES users (id),
    supporter_id bigint REFERENCES supporters (id),
    reason       text NOT NULL DEFAULT '',
    at           timestamptz NOT NULL
);
CREATE INDEX support_request_events_request ON support_request_events (request_id, id);

-- The e-mails to residents about their request, written in the transaction of the step they tell
-- of. The address was typed by someone without an account, so each is a short neutral notice (the
-- decision itself is on the request page), and they count towards the same few e-mails per hour
-- per mailbox as the public complaint form's (public_mails).
CREATE TABLE support_request_notices (
    id              bigserial PRIMARY KEY,
    request_id      bigint NOT NULL REFERENCES support_requests (id),
    kind            text NOT NULL,
    email           text NOT NULL CHECK (email <> ''),
    language        text NOT NULL CHECK (language IN ('nl', 'en')),
    reference       text NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'withheld', 'failed')),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);
CREATE INDEX support_request_notices_due ON support_request_notices (next_attempt_at, id) WHERE status = 'pending';

-- public_mails counts the e-mails of either outbox.
ALTER TABLE public_mails DROP CONSTRAINT public_mails_pkey;
ALTER TABLE public_mails ALTER COLUMN notice_id DROP NOT NULL;
ALTER TABLE public_mails ADD COLUMN support_notice_id bigint REFERENCES support_request_notices (id) ON DELETE CASCADE;
ALTER TABLE public_mails ADD CONSTRAINT public_mails_one_notice CHECK (num_nonnulls(notice_id, support_notice_id) = 1);
CREATE UNIQUE INDEX public_mails_notice ON public_mails (notice_id);
CREATE UNIQUE INDEX public_mails_support_notice ON public_mails (support_notice_id);

-- +goose Down
DELETE FROM public_mails WHERE support_notice_id IS NOT NULL;
DROP INDEX public_mails_support_notice;
DROP INDEX public_mails_notice;
ALTER TABLE public_mails DROP CONSTRAINT public_mails_one_notice;
ALTER TABLE public_mails DROP COLUMN support_notice_id;
ALTER TABLE public_mails ALTER COLUMN notice_id SET NOT NULL;
ALTER TABLE public_mails ADD PRIMARY KEY (notice_id);
DROP TABLE support_request_notices;
DROP TABLE support_request_events;
DROP SEQUENCE support_request_numbers;
DROP TABLE support_requests;
