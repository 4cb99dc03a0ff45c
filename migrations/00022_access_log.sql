-- +goose Up
-- The access log you can read (issue 13 point 5, DOMAIN.md §8).
--
-- The privacy officer (functionaris gegevensbescherming, FG): an account that reads the access log
-- and nothing of a case.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('staff', 'admin', 'organisation', 'council', 'supporter', 'municipality', 'privacy'));

-- access_log:
--   via     casework.AccessVia: how the case was opened (the staff's case page, the API, the case
--           as it stands after the user's action, the supporter's view of a client's case, the
--           supporter's copy of a letter, the export of a whole file); '' for rows written before
--           this column;
--   reason  why a member of staff opened a case somebody else handles (at most 200 characters,
--           casework.MaxAccessReason), or made the export of a whole file (at most 500, the
--           export's reason); '' when none was needed.
--           One stated reason lets the same user open that case again for the rest of the day
--           (Europe/Amsterdam) without a new one: the store looks for today's row with a reason.
ALTER TABLE access_log
    ADD COLUMN via text NOT NULL DEFAULT ''
        CHECK (via IN ('', 'page', 'api', 'action', 'supporter', 'copy', 'export')),
    ADD COLUMN reason text NOT NULL DEFAULT '' CHECK (char_length(reason) <= 500);
-- The officer's order, rows with a reason first and then the rest, newest first in each, is read
-- backwards from two indexes: (at, id) over every row, where each new row lands on the right edge
-- (an opening of a case page stays one cheap insert), and the same over the few rows with a
-- reason. The same-day look-up of a reason uses the third, also over those rows only.
CREATE INDEX access_log_at_idx ON access_log (at, id);
CREATE INDEX access_log_reasons_at_idx ON access_log (at, id) WHERE reason <> '';
CREATE INDEX access_log_reason_idx ON access_log (complaint_id, user_id, at) WHERE reason <> '';

-- +goose Down
DROP INDEX access_log_reason_idx;
DROP INDEX access_log_reasons_at_idx;
DROP INDEX access_log_at_idx;
ALTER TABLE access_log DROP COLUMN reason, DROP COLUMN via;
DELETE FROM users WHERE role = 'privacy';
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('staff', 'admin', 'organisation', 'council', 'supporter', 'municipality'));
