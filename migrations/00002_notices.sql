-- +goose Up
-- The outbox of written notices: every letter is a row written in the transaction that causes it,
-- delivered later by the dispatcher (e-mail where possible, otherwise the print queue).
CREATE TABLE notices (
    id              bigserial PRIMARY KEY,
    complaint_id    bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    advice_id       bigint REFERENCES advices (id) ON DELETE CASCADE,
    kind            text NOT NULL,
    recipient       text NOT NULL CHECK (recipient IN ('complainant', 'supporter', 'organisation')),
    organisation_id bigint REFERENCES organisations (id),
    -- One notice per cause and recipient, however often the cause is processed.
    dedupe_key      text NOT NULL UNIQUE,
    language        text NOT NULL CHECK (language IN ('nl', 'en')),
    name            text NOT NULL,
    email           text NOT NULL DEFAULT '',
    street          text NOT NULL DEFAULT '',
    postcode        text NOT NULL DEFAULT '',
    city            text NOT NULL DEFAULT '',
    data            jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'print', 'posted', 'failed')),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text NOT NULL DEFAULT '',
    pdf             bytea,
    sent_at         timestamptz,
    posted_at       timestamptz
);
CREATE INDEX notices_complaint_idx ON notices (complaint_id, id);
CREATE INDEX notices_pending_idx ON notices (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX notices_print_idx ON notices (id) WHERE status = 'print';
CREATE INDEX notices_failed_idx ON notices (id) WHERE status = 'failed';

-- Reminders to organisations before an advice's last day, each sent once.
CREATE TABLE advice_reminders (
    advice_id     bigint NOT NULL REFERENCES advices (id) ON DELETE CASCADE,
    days_before   int NOT NULL,
    sent_at       timestamptz NOT NULL,
    PRIMARY KEY (advice_id, days_before)
);

-- +goose Down
DROP TABLE advice_reminders, notices;
