-- +goose Up
-- A case on an approved destruction list that is no longer due when the destroyer reaches it
-- (staff recorded the ombudsman, which keeps it 10 years, or reopened the file) is left whole and
-- marked skipped 'not_due', like one put on hold after the approval ('hold').
ALTER TABLE destructions DROP CONSTRAINT destructions_skipped_check;
ALTER TABLE destructions ADD CONSTRAINT destructions_skipped_check CHECK (skipped IN ('', 'hold', 'not_due'));

-- +goose Down
UPDATE destructions SET skipped = 'hold' WHERE skipped = 'not_due';
ALTER TABLE destructions DROP CONSTRAINT destructions_skipped_check;
ALTER TABLE destructions ADD CONSTRAINT destructions_skipped_check CHECK (skipped IN ('', 'hold'));
