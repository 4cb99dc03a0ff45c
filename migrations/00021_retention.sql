-- +goose Up
-- Retention and destruction of case files (issue 13, DOMAIN.md §8; Selectielijst gemeenten 2020,
-- process 13). A case that reaches a final status gets its retention category and the first day it
-- may be destroyed; nothing is destroyed without an approved destruction list.
--
-- complaints:
--   retention_category  casework.RetentionCategory: 'handled' (5 years), 'ombudsman' (10),
--                       'inadmissible_withdrawn' (1); NULL while the case is open;
--   retention_from      the day the term starts: the local day of closing, or the day staff
--                       recorded the case closed again after reopening it;
--   destroy_on          retention_from + the category's years (29 February → 1 March), the same
--                       rule as casework.DestroyOn; NULL while open, reopened or destroyed;
--   ombudsman_on        the day staff recorded that the complainant went on to the ombudsman;
--   reopened_on         set while staff have reopened a closed file (new information, the
--                       ombudsman's questions): no destruction date until it is closed again;
--   hold_reason ...     a legal hold (proceedings, a request under the Woo): non-empty stops
--                       the destruction, with who put it and when;
--   had_supporter       set by the destruction, which removes the supporter links: the figure of
--                       complaints with a supporter outlives them;
--   destroyed_at        when the file was destroyed; the row stays with only anonymous facts.
-- The trigger complaints_retention keeps the first three in step with status, closed_at and the
-- staff's records, for every writer (the store, the demo and benchmark seeds in plain SQL).
ALTER TABLE complaints
    ADD COLUMN retention_category text CHECK (retention_category IN ('handled', 'ombudsman', 'inadmissible_withdrawn')),
    ADD COLUMN retention_from date,
    ADD COLUMN destroy_on date,
    ADD COLUMN ombudsman_on date,
    ADD COLUMN reopened_on date,
    ADD COLUMN hold_reason text NOT NULL DEFAULT '',
    ADD COLUMN hold_by bigint REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN hold_at timestamptz,
    ADD COLUMN had_supporter boolean NOT NULL DEFAULT false,
    ADD COLUMN destroyed_at timestamptz;

-- retention_destroy_on is casework.DestroyOn in SQL.
CREATE FUNCTION retention_destroy_on(start date, category text) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT make_date(extract(year FROM start)::int
            + CASE category WHEN 'inadmissible_withdrawn' THEN 1 WHEN 'ombudsman' THEN 10 ELSE 5 END,
        extract(month FROM start)::int, 1) + (extract(day FROM start)::int - 1)
$$;

-- +goose StatementBegin
CREATE FUNCTION complaints_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.destroyed_at IS NOT NULL THEN
        NEW.destroy_on := NULL;
        RETURN NEW;
    END IF;
    IF NEW.status IN ('closed', 'resolved', 'inadmissible', 'withdrawn') AND NEW.closed_at IS NOT NULL THEN
        NEW.retention_category := CASE
            WHEN NEW.ombudsman_on IS NOT NULL THEN 'ombudsman'
            WHEN NEW.status IN ('inadmissible', 'withdrawn') THEN 'inadmissible_withdrawn'
            ELSE 'handled' END;
        NEW.retention_from := coalesce(NEW.retention_from, (NEW.closed_at AT TIME ZONE 'Europe/Amsterdam')::date);
        NEW.destroy_on := CASE WHEN NEW.reopened_on IS NULL
            THEN retention_destroy_on(NEW.retention_from, NEW.retention_category) END;
    ELSE
        NEW.retention_category := NULL;
        NEW.retention_from := NULL;
        NEW.destroy_on := NULL;
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER complaints_retention BEFORE INSERT OR UPDATE ON complaints
    FOR EACH ROW EXECUTE FUNCTION complaints_retention();
UPDATE complaints SET closed_at = closed_at WHERE status IN ('closed', 'resolved', 'inadmissible', 'withdrawn');

-- What may become due, for the nightly list and the admin's review.
CREATE INDEX complaints_destroy_on_idx ON complaints (destroy_on, id) WHERE destroy_on IS NOT NULL;
-- The destruction removes a case's rows by complaint; these had no index on it.
CREATE INDEX postponements_complaint_idx ON postponements (complaint_id);
CREATE INDEX trajectories_complaint_idx ON trajectories (complaint_id) WHERE complaint_id IS NOT NULL;

-- An approved destruction list: who approved it and when, how many cases; finished_at when the
-- background destruction has done every case on it.
CREATE TABLE destruction_lists (
    id            bigserial PRIMARY KEY,
    approved_by   bigint REFERENCES users (id) ON DELETE SET NULL,
    approver_name text NOT NULL,
    approved_at   timestamptz NOT NULL,
    cases         int NOT NULL CHECK (cases > 0),
    finished_at   timestamptz
);

-- One row per case on an approved list, kept for the archive's accountability after the file is
-- gone: the SHA-256 of the reference (not the reference), the category, the year it closed, the
-- day it became due and when it was destroyed. complaint_id links the queue to the case until the
-- destruction and is cleared by it. skipped says why a case on the list was not destroyed ('hold':
-- put on hold after approval).
CREATE TABLE destructions (
    id             bigserial PRIMARY KEY,
    list_id        bigint NOT NULL REFERENCES destruction_lists (id),
    complaint_id   bigint REFERENCES complaints (id),
    reference_hash bytea NOT NULL,
    category       text NOT NULL CHECK (category IN ('handled', 'ombudsman', 'inadmissible_withdrawn')),
    closed_year    int NOT NULL,
    destroy_on     date NOT NULL,
    destroyed_at   timestamptz,
    skipped        text NOT NULL DEFAULT '' CHECK (skipped IN ('', 'hold'))
);
CREATE INDEX destructions_queue_idx ON destructions (id) WHERE destroyed_at IS NULL AND skipped = '';
CREATE UNIQUE INDEX destructions_complaint_idx ON destructions (complaint_id) WHERE complaint_id IS NOT NULL;
CREATE INDEX destructions_list_idx ON destructions (list_id);

-- +goose Down
DROP TABLE destructions, destruction_lists;
DROP INDEX trajectories_complaint_idx;
DROP INDEX postponements_complaint_idx;
DROP TRIGGER complaints_retention ON complaints;
DROP FUNCTION complaints_retention();
DROP FUNCTION retention_destroy_on(date, text);
ALTER TABLE complaints DROP COLUMN retention_category, DROP COLUMN retention_from, DROP COLUMN destroy_on,
    DROP COLUMN ombudsman_on, DROP COLUMN reopened_on, DROP COLUMN hold_reason, DROP COLUMN hold_by,
    DROP COLUMN hold_at, DROP COLUMN had_supporter, DROP COLUMN destroyed_at;
