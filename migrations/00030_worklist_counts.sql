-- +goose Up
-- The worklist for the day (issue 14 point 7): its counts, paged lists and search.

-- Search by reference or the complainant's name: case-insensitive and partial (ILIKE '%…%'),
-- served by trigram indexes. pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner
-- may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX complaints_name_trgm_idx ON complaints USING gin (complainant_name gin_trgm_ops);
CREATE INDEX complaints_reference_trgm_idx ON complaints USING gin (reference gin_trgm_ops);

-- A search shows the names of the cases found: each case on a page of results is logged in the
-- access log as opened by search.
ALTER TABLE access_log DROP CONSTRAINT access_log_via_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_via_check
    CHECK (via IN ('', 'page', 'api', 'action', 'supporter', 'copy', 'export', 'search'));

-- An organisation's answer to an advice (accepted or rejected) waits for the handler to read it:
-- answer_read_at is when the handler marked it read, by answer_read_by. A new answer (responded_at
-- set or changed, also a correction recorded from a letter) makes it unread again.
ALTER TABLE advices
    ADD COLUMN answer_read_at timestamptz,
    ADD COLUMN answer_read_by bigint REFERENCES users (id);
UPDATE advices SET answer_read_at = responded_at WHERE responded_at IS NOT NULL;
-- +goose StatementBegin
CREATE FUNCTION advices_answer_unread() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.responded_at IS DISTINCT FROM OLD.responded_at AND NEW.answer_read_at IS NOT DISTINCT FROM OLD.answer_read_at THEN
        NEW.answer_read_at := NULL;
        NEW.answer_read_by := NULL;
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER advices_answer_unread BEFORE UPDATE OF responded_at ON advices
    FOR EACH ROW EXECUTE FUNCTION advices_answer_unread();
CREATE INDEX advices_answer_unread_idx ON advices (complaint_id)
    WHERE responded_at IS NOT NULL AND answer_read_at IS NULL;
-- Advices past their term: enforced (awaiting confirmation of execution) or still issued after
-- the deadline instant (the sweep has not run yet) — the first already has advices_enforced_idx,
-- the second advices_due_idx.

-- Hearings of the week, by day.
CREATE INDEX hearing_invitations_on_idx ON hearing_invitations (hearing_on);

-- Complaints not taken up, by day of receipt (new since the previous working day).
CREATE INDEX complaints_received_new_idx ON complaints (received_on, id) WHERE status = 'received';

-- +goose Down
DROP INDEX complaints_received_new_idx;
DROP INDEX hearing_invitations_on_idx;
DROP INDEX advices_answer_unread_idx;
DROP TRIGGER advices_answer_unread ON advices;
DROP FUNCTION advices_answer_unread();
ALTER TABLE advices DROP COLUMN answer_read_by, DROP COLUMN answer_read_at;
DELETE FROM access_log WHERE via = 'search';
ALTER TABLE access_log DROP CONSTRAINT access_log_via_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_via_check
    CHECK (via IN ('', 'page', 'api', 'action', 'supporter', 'copy', 'export'));
DROP INDEX complaints_reference_trgm_idx;
DROP INDEX complaints_name_trgm_idx;
