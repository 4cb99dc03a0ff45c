-- +goose Up
-- Letters that carry a legal consequence go out before bulk work: the dispatcher claims the lowest
-- priority number first (0: enforcement and its correction, ruling, advice issued, the answer to an
-- advice, inadmissibility, postponement; 1: the rest), and within a priority the oldest due first.
-- The store sets the priority from the kind when it writes the notice (postgres.NoticePriority).
ALTER TABLE notices ADD COLUMN priority smallint NOT NULL DEFAULT 1 CHECK (priority >= 0);
UPDATE notices SET priority = 0
WHERE kind IN ('enforced_complainant', 'enforced_organisation', 'enforcement_corrected', 'ruling', 'advice_issued',
               'response_accepted', 'response_rejected', 'inadmissible', 'postponement');
-- The claim's order, for the pending notices only.
CREATE INDEX notices_due_idx ON notices (priority, next_attempt_at, id) WHERE status = 'pending';
DROP INDEX notices_pending_idx;

-- +goose Down
CREATE INDEX notices_pending_idx ON notices (next_attempt_at, id) WHERE status = 'pending';
DROP INDEX notices_due_idx;
ALTER TABLE notices DROP COLUMN priority;
