-- +goose Up
-- Answers to binding advice that came by post, e-mail, phone or at the counter, recorded by staff
-- on the organisation's behalf: the day the answer reached the meldpunt decides whether it was on
-- time, however late it is recorded. An answer online has channel 'online' and no day of receipt.
ALTER TABLE advices
    ADD COLUMN answer_channel text NOT NULL DEFAULT ''
        CHECK (answer_channel IN ('', 'online', 'letter', 'email', 'phone', 'counter')),
    ADD COLUMN answer_received_on date,
    ADD COLUMN execution_channel text NOT NULL DEFAULT ''
        CHECK (execution_channel IN ('', 'online', 'letter', 'email', 'phone', 'counter')),
    ADD COLUMN execution_received_on date,
    -- A timely answer recorded after the sweep enforced the advice corrects the enforcement:
    -- enforced_at stays, corrected_at says when it was undone (the events say by whom and why).
    ADD COLUMN corrected_at timestamptz;
-- The enforcement event of a corrected advice stays, pointing at the event that corrected it.
ALTER TABLE events ADD COLUMN corrected_by bigint REFERENCES events (id);
UPDATE advices SET answer_channel = 'online' WHERE responded_at IS NOT NULL;
UPDATE advices SET execution_channel = 'online' WHERE executed_at IS NOT NULL;

-- +goose Down
ALTER TABLE events DROP COLUMN corrected_by;
ALTER TABLE advices DROP COLUMN corrected_at, DROP COLUMN execution_received_on, DROP COLUMN execution_channel,
    DROP COLUMN answer_received_on, DROP COLUMN answer_channel;
