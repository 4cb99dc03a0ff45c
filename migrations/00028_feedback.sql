-- +goose Up
-- After the ruling the resident tells whether the advice was carried out and how satisfied they
-- are (issue 14 point 4).
--
-- feedback: the one current answer of a case (the resident may change it; every answer given is in
-- the case's events). satisfaction 1 (very dissatisfied) to 5 (very satisfied); comment at most
-- 2000 characters (casework.MaxFeedbackComment). A "not carried out" answer (an advice answered
-- 'no') is a report on the staff's worklist until staff mark it dealt with (dealt_with_*: when,
-- who and the note on what they did, e.g. the organisation was contacted). reported_at is when the
-- answer last gained a 'no'; a new 'no' after the report was dealt with opens it again.
-- Destruction (retention.go) blanks comment and the note and forgets who dealt with it; the
-- answers, days and instants stay for the annual report's figures.
CREATE TABLE feedback (
    id              bigserial PRIMARY KEY,
    complaint_id    bigint NOT NULL UNIQUE REFERENCES complaints (id) ON DELETE CASCADE,
    satisfaction    smallint NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    comment         text NOT NULL DEFAULT '' CHECK (char_length(comment) <= 2000),
    first_at        timestamptz NOT NULL,
    answered_at     timestamptz NOT NULL,
    reported_at     timestamptz,
    dealt_with_at   timestamptz,
    dealt_with_by   bigint REFERENCES users (id),
    dealt_with_name text NOT NULL DEFAULT '',
    dealt_with_note text NOT NULL DEFAULT ''
);
-- The worklist's open reports, oldest first.
CREATE INDEX feedback_reported_idx ON feedback (reported_at, id) WHERE reported_at IS NOT NULL AND dealt_with_at IS NULL;

-- feedback_advices: per binding advice of the case, whether it was carried out.
CREATE TABLE feedback_advices (
    feedback_id bigint NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
    advice_id   bigint NOT NULL UNIQUE REFERENCES advices (id) ON DELETE CASCADE,
    carried_out text NOT NULL CHECK (carried_out IN ('yes', 'partly', 'no', 'unknown')),
    PRIMARY KEY (feedback_id, advice_id)
);

-- +goose Down
DROP TABLE feedback_advices;
DROP TABLE feedback;
