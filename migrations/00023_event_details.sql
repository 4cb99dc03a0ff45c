-- +goose Up
-- The old and new values of a correction of personal data (issue 13, point 4: rectification,
-- art. 16 AVG). A correction keeps the old value only here, in its audit event (action
-- change_contact): details is {"changed": ["e-mail address changed", ...], "fields": [{"field":
-- "complainant.email", "old": "...", "new": "..."}, ...]}. The complaint row and letters written
-- after the correction hold only the new value. When the file is destroyed its events go with it,
-- old values included, so nothing of the person outlives the file here.
ALTER TABLE events ADD COLUMN details jsonb;

-- +goose Down
ALTER TABLE events DROP COLUMN details;
