-- +goose Up
-- Every claim of a notice gets a token of its own. The dispatcher that holds the claim extends the
-- lease (next_attempt_at) with a heartbeat and records the outcome only while the token is still
-- its own: a dispatcher that claimed the notice after the lease ran out has a new token. Recording
-- an outcome or giving the notice back clears the token.
CREATE SEQUENCE notice_claim_seq;
ALTER TABLE notices ADD COLUMN claim bigint;

-- +goose Down
ALTER TABLE notices DROP COLUMN claim;
DROP SEQUENCE notice_claim_seq;
